-- Accounts at OWASP ASVS 4.0 level 2 (issue #13): a password set by an administrator must be changed at the first
-- sign-in; sessions get a public id (listed and revoked one by one by their owner, never by token hash) and the
-- client that opened them; sign-in throttling moves from "lock the e-mail" to delays per (account, client) pair.

ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
ALTER TABLE users ADD COLUMN password_changed_at TEXT;

ALTER TABLE sessions ADD COLUMN id TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT CHECK (user_agent IS NULL OR length(user_agent) <= 256);
-- Sessions opened before this migration get a random UUID (version 4 layout) so their owner can list and end them.
UPDATE sessions SET id =
  lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))
WHERE id IS NULL;
CREATE UNIQUE INDEX sessions_id ON sessions (id);

-- The old rows counted failures per e-mail and per IP under the lockout rule; the new keys are
-- `pair:<e-mail>|<client>`, `account:<e-mail>` and `client:<client>` (worker/src/db/login-throttle.ts).
DELETE FROM login_throttle;
