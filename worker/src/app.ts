// The OneStop API: every resource router mounted under /api/v1, plus the OpenAPI document.
import { createApp } from './lib/create-app.ts';
import { PLAIN_HTTP_SESSION_COOKIE, SESSION_COOKIE } from './lib/auth.ts';
import { auditChecklistRoutes } from './routes/audit-checklist.ts';
import { auditRoutes } from './routes/audits.ts';
import { authRoutes } from './routes/auth.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { checkRuleRoutes } from './routes/check-rules.ts';
import { checklistRoutes } from './routes/checklists.ts';
import { commentRoutes } from './routes/comments.ts';
import { eventRoutes } from './routes/events.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { exportRoutes } from './routes/exports.ts';
import { findingWorkflowRoutes } from './routes/finding-workflow.ts';
import { findingRoutes } from './routes/findings.ts';
import { healthRoutes } from './routes/health.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { reportedFiguresRoutes } from './routes/reported-figures.ts';
import { reportRoutes } from './routes/reports.ts';
import { sampleRoutes } from './routes/samples.ts';
import { siteProfileRoutes } from './routes/site-profiles.ts';
import { summaryRoutes } from './routes/summary.ts';
import { syncRoutes } from './routes/sync.ts';
import { targetRoutes } from './routes/targets.ts';
import { unitRoutes } from './routes/units.ts';
import { userRoutes } from './routes/users.ts';

export function buildApp() {
  const app = createApp();
  const api = app.basePath('/api/v1');
  api.route('/', healthRoutes);
  api.route('/', authRoutes);
  api.route('/', unitRoutes);
  api.route('/', userRoutes);
  api.route('/', checklistRoutes);
  api.route('/', siteProfileRoutes);
  api.route('/', auditRoutes);
  api.route('/', auditChecklistRoutes);
  api.route('/', findingRoutes);
  api.route('/', findingWorkflowRoutes);
  api.route('/', commentRoutes);
  api.route('/', evidenceRoutes);
  api.route('/', exportRoutes);
  api.route('/', syncRoutes);
  api.route('/', summaryRoutes);
  api.route('/', eventRoutes);
  api.route('/', checkRuleRoutes);
  api.route('/', calendarRoutes);
  api.route('/', sampleRoutes);
  api.route('/', reportedFiguresRoutes);
  api.route('/', reportRoutes);
  api.route('/', notificationRoutes);
  api.route('/', targetRoutes);

  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'Session token from POST /auth/login (extension)',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'cookie', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: `HttpOnly session cookie set by POST /auth/login (dashboard): ${SESSION_COOKIE} (Secure, Path=/, SameSite=Strict); a plain-http address other than loopback gets ${PLAIN_HTTP_SESSION_COOKIE} instead`,
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'OneStop Audit API',
      version: '1.0.0',
      description:
        'ISO 9001 audits of one-stop shops (Bộ phận Một cửa): checklists, units, audits, findings with evidence, corrective actions and compliance summaries. Errors are RFC 9457 application/problem+json.',
    },
    security: [{ bearer: [] }, { cookie: [] }],
  });
  return app;
}
