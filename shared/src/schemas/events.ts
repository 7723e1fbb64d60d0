// The append-only event log: every state change with its actor and a before/after summary.
import { z } from 'zod';
import { IdSchema, JsonObjectSchema, TimestampSchema } from './common.ts';

export const EventSchema = z.object({
  id: IdSchema,
  /** Null for changes made by the system (seeding, migrations). */
  actor_id: IdSchema.nullable(),
  /** Table-like entity name: `audit`, `finding`, `corrective_action`, `unit`, `user`, … */
  entity: z.string().min(1).max(64),
  entity_id: z.string().min(1).max(200),
  /** What happened: `finding.action_planned`, `audit.transition`, … */
  type: z.string().min(1).max(64),
  summary: JsonObjectSchema,
  at: TimestampSchema,
});
export type Event = z.infer<typeof EventSchema>;

/** `GET /events?entity=&id=`. */
export const EventQuerySchema = z.object({
  entity: z.string().min(1).max(64),
  id: z.string().min(1).max(200),
});
export type EventQuery = z.infer<typeof EventQuerySchema>;
