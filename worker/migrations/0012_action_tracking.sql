-- Action tracking (issue 15 part 4): who owns a corrective action (a user of the finding's unit subtree), requests to
-- move an action's due date later (an extension, or a revised plan with a later date) decided by the audit's lead
-- inspector, and the comment thread between the audited unit and the audit team on each finding.

-- Legacy rows keep only owner_name; new plans set both (owner_name is the user's display name when planned).
ALTER TABLE corrective_actions ADD COLUMN owner_user_id TEXT REFERENCES users(id);

-- One row per request to move a due date later; kept after the decision as the action's history. At most one is
-- pending per action (the partial unique index), so two tabs cannot ask twice. A request still pending when the unit
-- head reports the action done is 'withdrawn' in that batch (decided_by stays null): nothing is left to decide.
CREATE TABLE action_due_date_requests (
  id               TEXT PRIMARY KEY,
  finding_id       TEXT NOT NULL REFERENCES corrective_actions(finding_id),
  -- 'extension': only the date moves; 'revision': part of a revised plan whose new date needs the lead's acceptance.
  kind             TEXT NOT NULL CHECK (kind IN ('extension', 'revision')),
  current_due_date TEXT NOT NULL,
  new_due_date     TEXT NOT NULL CHECK (new_due_date > current_due_date),
  reason           TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused', 'withdrawn')),
  requested_by     TEXT NOT NULL REFERENCES users(id),
  requested_at     TEXT NOT NULL,
  decided_by       TEXT REFERENCES users(id),
  decided_at       TEXT,
  decision_reason  TEXT CHECK (decision_reason IS NULL OR length(decision_reason) <= 4000),
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK (status <> 'refused' OR length(decision_reason) >= 1)
);
CREATE INDEX action_due_date_requests_finding ON action_due_date_requests (finding_id, requested_at);
CREATE UNIQUE INDEX action_due_date_requests_one_pending ON action_due_date_requests (finding_id) WHERE status = 'pending';
CREATE INDEX action_due_date_requests_pending ON action_due_date_requests (status, requested_at) WHERE status = 'pending';

-- The conversation on a finding; append-only (no edit, no delete), each post also logged in events.
CREATE TABLE finding_comments (
  id           TEXT PRIMARY KEY,
  finding_id   TEXT NOT NULL REFERENCES findings(id),
  author_id    TEXT NOT NULL REFERENCES users(id),
  -- The author's part in the finding when posting: the unit ('unit_head') or the audit team ('lead', 'member').
  author_part  TEXT NOT NULL CHECK (author_part IN ('unit_head', 'lead', 'member')),
  body         TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at   TEXT NOT NULL
);
CREATE INDEX finding_comments_finding ON finding_comments (finding_id, created_at, id);
