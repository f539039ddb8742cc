-- Caudal ledger, version 7: water quality and continuity of service (docs/quality.md).

-- Sampling points and the monthly plan: the technician's reference data, replaced by imports.
CREATE TABLE quality_points (
    id     INTEGER PRIMARY KEY,
    point  TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('source', 'plant', 'reservoir', 'network', 'tap')),
    sector TEXT NOT NULL
) STRICT;
CREATE TABLE quality_plan (
    point_id  INTEGER NOT NULL REFERENCES quality_points (id),
    parameter TEXT NOT NULL,
    per_month INTEGER NOT NULL CHECK (per_month BETWEEN 1 AND 1000),
    PRIMARY KEY (point_id, parameter)
) STRICT;

-- The limits a sample is judged by (defaults DS 031-2010-SA; the administrator edits them).
-- Values are decimals as text; `min_kinds` the point kinds the minimum applies to (empty: all);
-- `low` the level under the minimum that is "low" rather than failing.
CREATE TABLE quality_limits (
    parameter  TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    unit       TEXT NOT NULL,
    min        TEXT,
    low        TEXT,
    max        TEXT,
    min_kinds  TEXT NOT NULL,
    regulation TEXT NOT NULL
) STRICT;
INSERT INTO quality_limits (parameter, position, unit, min, low, max, min_kinds, regulation) VALUES
    ('free_chlorine', 1, 'mg/L', '0.5', '0.3', '5', 'network,tap', 'DS 031-2010-SA, art. 66 y anexo II; OMS 5 mg/L'),
    ('turbidity', 2, 'NTU', NULL, NULL, '5', '', 'DS 031-2010-SA, anexo II'),
    ('ph', 3, '', '6.5', NULL, '8.5', '', 'DS 031-2010-SA, anexo II'),
    ('colour', 4, 'UCV', NULL, NULL, '15', '', 'DS 031-2010-SA, anexo II'),
    ('conductivity', 5, 'µS/cm', NULL, NULL, '1500', '', 'DS 031-2010-SA, anexo II'),
    ('total_coliforms', 6, 'NMP/100 mL', NULL, NULL, '0', '', 'DS 031-2010-SA, anexo I'),
    ('thermotolerant_coliforms', 7, 'NMP/100 mL', NULL, NULL, '0', '', 'DS 031-2010-SA, anexo I'),
    ('e_coli', 8, 'NMP/100 mL', NULL, NULL, '0', '', 'DS 031-2010-SA, anexo I');

-- Samples: evidence, never edited; the verdict is the one given when it was recorded.
CREATE TABLE quality_samples (
    id            INTEGER PRIMARY KEY,
    sample        TEXT NOT NULL UNIQUE,
    point_id      INTEGER NOT NULL REFERENCES quality_points (id),
    taken_at      TEXT NOT NULL,
    taken_by      TEXT NOT NULL,
    taken_by_kind TEXT NOT NULL CHECK (taken_by_kind IN ('operator', 'health', 'lab')),
    free_chlorine TEXT,
    turbidity     TEXT,
    ph            TEXT,
    colour        TEXT,
    conductivity  TEXT,
    total_coliforms TEXT,
    thermotolerant_coliforms TEXT,
    e_coli        TEXT,
    verdict       TEXT NOT NULL CHECK (verdict IN ('pass', 'low', 'fail')),
    failed        TEXT NOT NULL,
    recorded_by   TEXT NOT NULL
) STRICT;
CREATE INDEX quality_samples_taken ON quality_samples (taken_at);
CREATE TRIGGER quality_samples_immutable_update BEFORE UPDATE ON quality_samples
BEGIN SELECT RAISE(ABORT, 'samples are evidence: never edited'); END;
CREATE TRIGGER quality_samples_immutable_delete BEFORE DELETE ON quality_samples
BEGIN SELECT RAISE(ABORT, 'samples are evidence: never deleted'); END;

-- An incident opens with a failing sample; actions, a resample and the closing follow.
CREATE TABLE quality_incidents (
    id        INTEGER PRIMARY KEY,
    sample_id INTEGER NOT NULL UNIQUE REFERENCES quality_samples (id),
    opened_on TEXT NOT NULL,
    failed    TEXT NOT NULL
) STRICT;
CREATE TABLE incident_actions (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES quality_incidents (id),
    kind        TEXT NOT NULL CHECK (kind IN ('action', 'resample', 'close')),
    on_date     TEXT NOT NULL,
    text        TEXT NOT NULL,
    sample_id   INTEGER REFERENCES quality_samples (id),
    recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX incident_actions_incident ON incident_actions (incident_id, id);
CREATE TRIGGER quality_incidents_immutable_update BEFORE UPDATE ON quality_incidents
BEGIN SELECT RAISE(ABORT, 'incidents are append-only'); END;
CREATE TRIGGER quality_incidents_immutable_delete BEFORE DELETE ON quality_incidents
BEGIN SELECT RAISE(ABORT, 'incidents are append-only'); END;
CREATE TRIGGER incident_actions_immutable_update BEFORE UPDATE ON incident_actions
BEGIN SELECT RAISE(ABORT, 'incident actions are append-only'); END;
CREATE TRIGGER incident_actions_immutable_delete BEFORE DELETE ON incident_actions
BEGIN SELECT RAISE(ABORT, 'incident actions are append-only'); END;

-- Sectors and their normal hours of supply a day (decimal text, 0 to 24).
CREATE TABLE sectors (
    sector        TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    hours_per_day TEXT NOT NULL
) STRICT;

-- Interruptions of service: one row per event, its sectors, and its end when it came.
CREATE TABLE interruptions (
    id           INTEGER PRIMARY KEY,
    start_at     TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('planned', 'unplanned')),
    cause        TEXT NOT NULL,
    notice_hours INTEGER NOT NULL CHECK (notice_hours >= 0),
    recorded_by  TEXT NOT NULL
) STRICT;
CREATE TABLE interruption_sectors (
    interruption_id INTEGER NOT NULL REFERENCES interruptions (id),
    sector          TEXT NOT NULL REFERENCES sectors (sector),
    PRIMARY KEY (interruption_id, sector)
) STRICT;
CREATE TABLE interruption_ends (
    interruption_id INTEGER PRIMARY KEY REFERENCES interruptions (id),
    end_at          TEXT NOT NULL,
    recorded_by     TEXT NOT NULL
) STRICT;
CREATE INDEX interruption_sectors_sector ON interruption_sectors (sector, interruption_id);
CREATE TRIGGER interruptions_immutable_update BEFORE UPDATE ON interruptions
BEGIN SELECT RAISE(ABORT, 'interruptions are evidence: never edited'); END;
CREATE TRIGGER interruptions_immutable_delete BEFORE DELETE ON interruptions
BEGIN SELECT RAISE(ABORT, 'interruptions are evidence: never deleted'); END;
CREATE TRIGGER interruption_sectors_immutable_update BEFORE UPDATE ON interruption_sectors
BEGIN SELECT RAISE(ABORT, 'interruptions are evidence: never edited'); END;
CREATE TRIGGER interruption_sectors_immutable_delete BEFORE DELETE ON interruption_sectors
BEGIN SELECT RAISE(ABORT, 'interruptions are evidence: never deleted'); END;
CREATE TRIGGER interruption_ends_immutable_update BEFORE UPDATE ON interruption_ends
BEGIN SELECT RAISE(ABORT, 'an interruption ends once'); END;
CREATE TRIGGER interruption_ends_immutable_delete BEFORE DELETE ON interruption_ends
BEGIN SELECT RAISE(ABORT, 'an interruption ends once'); END;

-- Production per source per month (m³ into the network).
CREATE TABLE production (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    period      TEXT NOT NULL,
    m3          INTEGER NOT NULL CHECK (m3 >= 0),
    recorded_by TEXT NOT NULL,
    UNIQUE (source, period)
) STRICT;
CREATE TRIGGER production_immutable_update BEFORE UPDATE ON production
BEGIN SELECT RAISE(ABORT, 'production is evidence: never edited'); END;
CREATE TRIGGER production_immutable_delete BEFORE DELETE ON production
BEGIN SELECT RAISE(ABORT, 'production is evidence: never deleted'); END;
