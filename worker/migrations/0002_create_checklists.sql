-- Versioned checklists: draft → published → retired; a published version and its items never change.

CREATE TABLE checklists (
  id          TEXT PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  title_vi    TEXT NOT NULL CHECK (length(title_vi) BETWEEN 1 AND 500),
  title_en    TEXT NOT NULL DEFAULT '' CHECK (length(title_en) <= 500),
  standard    TEXT NOT NULL DEFAULT '' CHECK (length(standard) <= 200),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE checklist_versions (
  id            TEXT PRIMARY KEY,
  checklist_id  TEXT NOT NULL REFERENCES checklists(id),
  version       INTEGER NOT NULL CHECK (version >= 1),
  status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retired')),
  notes         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(notes)),
  created_by    TEXT REFERENCES users(id),
  published_at  TEXT,
  retired_at    TEXT,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (checklist_id, version),
  CHECK (status = 'draft' OR published_at IS NOT NULL)
);
CREATE INDEX checklist_versions_status ON checklist_versions (status);

CREATE TABLE checklist_items (
  id                TEXT PRIMARY KEY,
  version_id        TEXT NOT NULL REFERENCES checklist_versions(id),
  code              TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  clause            TEXT NOT NULL CHECK (length(clause) BETWEEN 1 AND 16),
  section_vi        TEXT NOT NULL DEFAULT '',
  section_en        TEXT NOT NULL DEFAULT '',
  text_vi           TEXT NOT NULL CHECK (length(text_vi) BETWEEN 1 AND 4000),
  text_en           TEXT NOT NULL DEFAULT '',
  guidance_vi       TEXT NOT NULL DEFAULT '',
  evidence_hint_vi  TEXT NOT NULL DEFAULT '',
  weight            INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 3),
  sort              INTEGER NOT NULL,
  on_page           INTEGER NOT NULL DEFAULT 0 CHECK (on_page IN (0, 1)),
  page_rule_hint    TEXT,
  UNIQUE (version_id, code)
);
CREATE INDEX checklist_items_version_sort ON checklist_items (version_id, sort);

-- Defence in depth: the database itself refuses edits to items of a version that left draft.
CREATE TRIGGER checklist_items_immutable_insert BEFORE INSERT ON checklist_items
WHEN (SELECT status FROM checklist_versions WHERE id = NEW.version_id) <> 'draft'
BEGIN
  SELECT RAISE(ABORT, 'checklist version is not a draft');
END;

CREATE TRIGGER checklist_items_immutable_update BEFORE UPDATE ON checklist_items
WHEN (SELECT status FROM checklist_versions WHERE id = OLD.version_id) <> 'draft'
BEGIN
  SELECT RAISE(ABORT, 'checklist version is not a draft');
END;

CREATE TRIGGER checklist_items_immutable_delete BEFORE DELETE ON checklist_items
WHEN (SELECT status FROM checklist_versions WHERE id = OLD.version_id) <> 'draft'
BEGIN
  SELECT RAISE(ABORT, 'checklist version is not a draft');
END;

-- A version only moves forward: draft → published → retired.
CREATE TRIGGER checklist_versions_forward_only BEFORE UPDATE OF status ON checklist_versions
WHEN NOT (OLD.status = NEW.status
          OR (OLD.status = 'draft' AND NEW.status = 'published')
          OR (OLD.status = 'published' AND NEW.status = 'retired'))
BEGIN
  SELECT RAISE(ABORT, 'checklist versions only move draft → published → retired');
END;
