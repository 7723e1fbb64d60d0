-- Site profiles: declarative descriptions of a dossier web system, validated by the shared schema.

CREATE TABLE site_profiles (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  profile     TEXT NOT NULL CHECK (json_valid(profile) AND length(profile) <= 262144),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by  TEXT REFERENCES users(id),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX site_profiles_name ON site_profiles (name);
CREATE INDEX site_profiles_active ON site_profiles (active);
