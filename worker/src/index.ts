// Worker entry point: exports handlers only.
import { buildApp } from './app.ts';
import { applyTestClock } from './lib/time.ts';

const app = buildApp();

export default {
  fetch(request, env, ctx) {
    applyTestClock(env);
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
