-- What the lead inspector writes into an audit's report before generating it (GET /audits/{id}/report.docx):
-- conclusions, recommendations, and the document's number and place for the Decree 30/2020 header. One row per
-- audit, created on the first save; `version` guards concurrent edits; every save is written to the event log.

CREATE TABLE audit_report_texts (
  audit_id         TEXT PRIMARY KEY REFERENCES audits(id),
  conclusions      TEXT NOT NULL DEFAULT '' CHECK (length(conclusions) <= 8000),
  recommendations  TEXT NOT NULL DEFAULT '' CHECK (length(recommendations) <= 8000),
  doc_number       TEXT NOT NULL DEFAULT '' CHECK (length(doc_number) <= 6 AND doc_number NOT GLOB '*[^0-9]*'),
  place            TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 100),
  version          INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_by       TEXT NOT NULL REFERENCES users(id),
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;
