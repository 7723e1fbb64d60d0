-- Indicator targets (issue 16): the goal an administrator sets for each headline figure of the compliance page
-- (shared/src/schemas/targets.ts). One row per indicator that has a target; an indicator without a row has no target
-- and the page shows none (no default is made up). PUT /targets replaces the whole set in one batch.
CREATE TABLE indicator_targets (
  indicator   TEXT PRIMARY KEY CHECK (indicator IN ('compliance_rate', 'coverage', 'nc_major', 'nc_minor', 'overdue_actions', 'mean_days_to_close')),
  direction   TEXT NOT NULL CHECK (direction IN ('at_least', 'at_most')),
  -- Rates are fractions in [0, 1]; counts whole numbers; days at most ten years (the API checks the same, with messages).
  value       REAL NOT NULL CHECK (
                value >= 0 AND CASE
                  WHEN indicator IN ('compliance_rate', 'coverage') THEN value <= 1
                  WHEN indicator = 'mean_days_to_close' THEN value <= 3650
                  ELSE value <= 1000000 AND value = CAST(value AS INTEGER)
                END
              ),
  updated_by  TEXT REFERENCES users(id),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
