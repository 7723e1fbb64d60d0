// Worker entry point: exports handlers only.
import { buildApp } from './app.ts';
import { createLogger } from './lib/logger.ts';
import { applyTestClock } from './lib/time.ts';
import { bindingSender, runReminders } from './reminders/run.ts';

const app = buildApp();

export default {
  fetch(request, env, ctx) {
    applyTestClock(env);
    return app.fetch(request, env, ctx);
  },
  // The daily Cron Trigger (wrangler.toml): reminders for the Vietnam day of the scheduled time (docs/reminders.md).
  async scheduled(controller, env, ctx) {
    applyTestClock(env);
    const log = createLogger({ cron: controller.cron }, env.APP_ENV === 'test');
    ctx.waitUntil(
      runReminders(env, new Date(controller.scheduledTime), bindingSender(env.SEND_EMAIL), log).then(
        (r) => log.info('reminders', { ...r }),
        (err: unknown) => {
          // Logged, then rethrown so the invocation is marked failed (a later run makes whatever is missing).
          log.error('reminders failed', { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
          throw err;
        },
      ),
    );
  },
} satisfies ExportedHandler<Env>;
