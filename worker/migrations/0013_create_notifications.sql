-- Reminders (issue 15 part 3, issue 16 "remind"): in-app notifications made by the daily cron and by the lead's
-- "remind" action, each user's notification preferences, and the daily digest e-mails already sent.
-- See docs/reminders.md.

-- Days a nonconformity may stay unanswered (status `open`) before its unit heads are reminded; per audit.
ALTER TABLE audits ADD COLUMN reminder_after_days INTEGER NOT NULL DEFAULT 7 CHECK (reminder_after_days BETWEEN 1 AND 60);

-- One row per (recipient, kind, item, Vietnam day): the unique key is what makes a second run of the same day, or a
-- second press of "remind", produce nothing. `params` holds what the text needs (codes, dates) so the list needs no
-- joins and reads the same after the finding changes.
CREATE TABLE notifications (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id),
  kind        TEXT NOT NULL CHECK (kind IN ('action_due', 'action_overdue', 'nc_unanswered', 'dispute_waiting', 'verification_waiting', 'nc_reminder')),
  audit_id    TEXT NOT NULL REFERENCES audits(id),
  finding_id  TEXT NOT NULL REFERENCES findings(id),
  day         TEXT NOT NULL CHECK (length(day) = 10),
  params      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params) AND length(params) <= 4000),
  created_at  TEXT NOT NULL,
  read_at     TEXT
);
CREATE UNIQUE INDEX notifications_once_a_day ON notifications (user_id, kind, finding_id, day);
-- The list: the caller's unread first, newest first.
CREATE INDEX notifications_user_list ON notifications (user_id, read_at IS NOT NULL, created_at DESC, id);

CREATE TABLE notification_preferences (
  user_id         TEXT PRIMARY KEY REFERENCES users(id),
  digest_enabled  INTEGER NOT NULL DEFAULT 0 CHECK (digest_enabled IN (0, 1)),
  -- JSON array of notification kinds the digest carries.
  digest_kinds    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(digest_kinds) AND length(digest_kinds) <= 500),
  -- 'vi', 'en', or NULL for Vietnamese with the English below.
  language        TEXT CHECK (language IS NULL OR language IN ('vi', 'en')),
  updated_at      TEXT NOT NULL
) WITHOUT ROWID;

-- At most one digest per user and Vietnam day, recorded before it is sent.
CREATE TABLE notification_digests (
  user_id     TEXT NOT NULL REFERENCES users(id),
  day         TEXT NOT NULL,
  item_count  INTEGER NOT NULL CHECK (item_count >= 1),
  sent_at     TEXT NOT NULL,
  PRIMARY KEY (user_id, day)
) WITHOUT ROWID;
