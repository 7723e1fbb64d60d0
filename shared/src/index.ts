// @onestop/shared: the one contract between worker, extension and dashboard.
export * from './schemas/common.ts';
export * from './schemas/enums.ts';
export * from './schemas/problem.ts';
export * from './schemas/units.ts';
export * from './schemas/users.ts';
export * from './schemas/checklists.ts';
export * from './schemas/selectors.ts';
export * from './schemas/site-profiles.ts';
export * from './schemas/audits.ts';
export * from './schemas/findings.ts';
export * from './schemas/evidence.ts';
export * from './schemas/events.ts';
export * from './schemas/sync.ts';
export * from './schemas/summary.ts';

export * from './domain/outcome.ts';
export * from './domain/severity.ts';
export * from './domain/audit-workflow.ts';
export * from './domain/finding-workflow.ts';
export * from './domain/compliance.ts';
export * from './domain/redaction.ts';
export * from './domain/ids.ts';
export * from './domain/dates.ts';
export * from './domain/url-match.ts';
export * from './domain/control-characters.ts';
export * from './domain/profile-fields.ts';
