// Background service worker: wires the background service (API client, outbox, sync, captures) and nothing else.
import { createBackground } from '../src/background/service.ts';

export default defineBackground(() => {
  createBackground().start();
});
