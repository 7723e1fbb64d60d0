// Worker entry point: exports handlers only.
import { buildApp } from './app.ts';

const app = buildApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
