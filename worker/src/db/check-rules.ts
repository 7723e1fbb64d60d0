// Stored rule sets of the automated checks, per checklist version: append-only rows (migration 0009's triggers refuse
// changes), the highest version in force. Checklists are readable by every role, so these reads take no scope.
import { uuidv7 } from '../lib/ids.ts';

export interface RuleSetRow {
  id: string;
  checklist_id: string;
  checklist_version_id: string;
  rule_set_id: string;
  version: number;
  document: string;
  created_by: string | null;
  created_at: string;
  /** Joined: the checklist version's number. */
  checklist_version: number;
  created_by_name?: string | null;
}

const ROW_SQL = `SELECT rs.*, v.version AS checklist_version, u.display_name AS created_by_name
  FROM check_rule_sets rs JOIN checklist_versions v ON v.id = rs.checklist_version_id LEFT JOIN users u ON u.id = rs.created_by`;

/**
 * The checklist version whose rules a caller means: the one numbered `version`, or by default the latest published
 * version that has a rule set (else the latest version that has one).
 */
export async function ruleSetVersionOf(db: D1Database, checklistId: string, version?: number): Promise<{ id: string; version: number } | null> {
  if (version !== undefined) {
    return db.prepare('SELECT id, version FROM checklist_versions WHERE checklist_id = ? AND version = ?').bind(checklistId, version).first<{ id: string; version: number }>();
  }
  return db
    .prepare(
      `SELECT v.id, v.version FROM checklist_versions v
       WHERE v.checklist_id = ? AND EXISTS (SELECT 1 FROM check_rule_sets rs WHERE rs.checklist_version_id = v.id)
       ORDER BY (v.status = 'published') DESC, v.version DESC LIMIT 1`,
    )
    .bind(checklistId)
    .first<{ id: string; version: number }>();
}

/** Every stored rule set of a checklist version, newest (in force) first. */
export async function listRuleSets(db: D1Database, checklistVersionId: string): Promise<RuleSetRow[]> {
  const { results } = await db.prepare(`${ROW_SQL} WHERE rs.checklist_version_id = ? ORDER BY rs.version DESC`).bind(checklistVersionId).all<RuleSetRow>();
  return results;
}

/** The rule set named by a sample: of a checklist version the audit pins, with that id and version. */
export async function ruleSetInAudit(db: D1Database, auditId: string, ruleSetId: string, version: number): Promise<RuleSetRow | null> {
  return db
    .prepare(`${ROW_SQL} JOIN audit_checklists ac ON ac.version_id = rs.checklist_version_id WHERE ac.audit_id = ? AND rs.rule_set_id = ? AND rs.version = ? ORDER BY rs.created_at DESC LIMIT 1`)
    .bind(auditId, ruleSetId, version)
    .first<RuleSetRow>();
}

/** A rule (id and version) of any rule set stored for the checklist versions the audit pins. */
export async function ruleInAudit(db: D1Database, auditId: string, ruleId: string, ruleVersion: number): Promise<{ checklist_id: string; item_code: string } | null> {
  return db
    .prepare(
      `SELECT rs.checklist_id, json_extract(r.value, '$.item_code') AS item_code
       FROM check_rule_sets rs JOIN audit_checklists ac ON ac.version_id = rs.checklist_version_id, json_each(rs.document, '$.rules') r
       WHERE ac.audit_id = ? AND json_extract(r.value, '$.id') = ? AND json_extract(r.value, '$.version') = ?
       ORDER BY rs.version DESC LIMIT 1`,
    )
    .bind(auditId, ruleId, ruleVersion)
    .first<{ checklist_id: string; item_code: string }>();
}

export function insertRuleSet(
  db: D1Database,
  r: { checklistId: string; checklistVersionId: string; ruleSetId: string; version: number; document: string; createdBy: string },
  now: string,
): { id: string; statement: D1PreparedStatement } {
  const id = uuidv7();
  return {
    id,
    statement: db
      .prepare('INSERT INTO check_rule_sets (id, checklist_id, checklist_version_id, rule_set_id, version, document, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .bind(id, r.checklistId, r.checklistVersionId, r.ruleSetId, r.version, r.document, r.createdBy, now),
  };
}
