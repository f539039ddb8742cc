-- Caudal ledger, version 6: complaints (docs/complaints.md).

-- The rules of deadlines, in days; the defaults are SUNASS practice. A change applies to the
-- steps begun after it: every deadline is stored with the step that began it.
CREATE TABLE complaint_rules (
    rule     TEXT PRIMARY KEY,
    days     INTEGER NOT NULL CHECK (days BETWEEN 1 AND 365),
    unit     TEXT NOT NULL CHECK (unit IN ('calendar', 'working')),
    position INTEGER NOT NULL
) STRICT;
INSERT INTO complaint_rules (rule, days, unit, position) VALUES
    ('filing', 60, 'calendar', 1),
    ('decision', 30, 'working', 2),
    ('notification', 5, 'working', 3),
    ('reconsideration', 15, 'working', 4),
    ('reconsideration_decision', 15, 'working', 5),
    ('appeal', 15, 'working', 6),
    ('ncb_decision', 30, 'working', 7);

-- The holidays of every year: a fixed day of a month, or a day counted from Easter Sunday.
-- The defaults are Peru's national holidays; the operator may add or remove rows.
CREATE TABLE holidays (
    id            INTEGER PRIMARY KEY,
    name_es       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    month         INTEGER CHECK (month BETWEEN 1 AND 12),
    day           INTEGER CHECK (day BETWEEN 1 AND 31),
    easter_offset INTEGER CHECK (easter_offset BETWEEN -60 AND 60),
    CHECK ((month IS NOT NULL AND day IS NOT NULL AND easter_offset IS NULL)
        OR (month IS NULL AND day IS NULL AND easter_offset IS NOT NULL))
) STRICT;
INSERT INTO holidays (name_es, name_en, month, day, easter_offset) VALUES
    ('Año Nuevo', 'New Year''s Day', 1, 1, NULL),
    ('Jueves Santo', 'Holy Thursday', NULL, NULL, -3),
    ('Viernes Santo', 'Good Friday', NULL, NULL, -2),
    ('Día del Trabajo', 'Labour Day', 5, 1, NULL),
    ('Batalla de Arica y Día de la Bandera', 'Battle of Arica and Flag Day', 6, 7, NULL),
    ('San Pedro y San Pablo', 'Saints Peter and Paul', 6, 29, NULL),
    ('Día de la Fuerza Aérea', 'Air Force Day', 7, 23, NULL),
    ('Fiestas Patrias', 'Independence Day', 7, 28, NULL),
    ('Fiestas Patrias', 'Independence Day', 7, 29, NULL),
    ('Batalla de Junín', 'Battle of Junín', 8, 6, NULL),
    ('Santa Rosa de Lima', 'Saint Rose of Lima', 8, 30, NULL),
    ('Combate de Angamos', 'Battle of Angamos', 10, 8, NULL),
    ('Todos los Santos', 'All Saints'' Day', 11, 1, NULL),
    ('Inmaculada Concepción', 'Immaculate Conception', 12, 8, NULL),
    ('Batalla de Ayacucho', 'Battle of Ayacucho', 12, 9, NULL),
    ('Navidad', 'Christmas Day', 12, 25, NULL);

-- Days the operator changed: a day added as a holiday (regional, decreed non-working), or a
-- holiday of the table above worked that year.
CREATE TABLE calendar_days (
    day        TEXT PRIMARY KEY,
    working    INTEGER NOT NULL CHECK (working IN (0, 1)),
    name       TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
) STRICT;

-- A complaint as filed: never edited; every later step is a row of complaint_steps. Both
-- tables are sealed in the hash chain.
CREATE TABLE complaints (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    year           INTEGER NOT NULL,
    seq            INTEGER NOT NULL,
    connection_id  INTEGER NOT NULL REFERENCES connections (id),
    account        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('billing', 'commercial', 'operational')),
    channel        TEXT NOT NULL CHECK (channel IN ('counter', 'phone', 'written')),
    complainant    TEXT NOT NULL,
    complainant_id TEXT NOT NULL,
    relation       TEXT NOT NULL CHECK (relation IN ('holder', 'representative', 'user')),
    bill_id        INTEGER REFERENCES bills (id),
    disputed       INTEGER NOT NULL CHECK (disputed >= 0),
    description    TEXT NOT NULL,
    contact        TEXT NOT NULL,
    filed_on       TEXT NOT NULL,
    decision_due   TEXT NOT NULL,
    filed_by       TEXT NOT NULL,
    UNIQUE (year, seq)
) STRICT;
CREATE INDEX complaints_connection ON complaints (connection_id);
CREATE INDEX complaints_bill ON complaints (bill_id) WHERE bill_id IS NOT NULL;
CREATE TRIGGER complaints_immutable_update BEFORE UPDATE ON complaints
BEGIN SELECT RAISE(ABORT, 'complaints are never edited: a correction is a new step'); END;
CREATE TRIGGER complaints_immutable_delete BEFORE DELETE ON complaints
BEGIN SELECT RAISE(ABORT, 'complaints are never deleted'); END;

-- The steps of a complaint, in the order recorded. `due_on` is the deadline the step begins
-- (the decision's notification, the reconsideration's decision, the NCB's decision, or the
-- window to reconsider after a notification); `appeal_due` the window to appeal, when the
-- step opens one. A decision that credits a bill names its credit note.
CREATE TABLE complaint_steps (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    step         TEXT NOT NULL CHECK (step IN ('decision', 'notification', 'reconsideration',
                     'reconsideration_decision', 'appeal', 'ncb_decision', 'final', 'withdrawal')),
    on_date      TEXT NOT NULL,
    outcome      TEXT CHECK (outcome IN ('founded', 'partly', 'unfounded')),
    by_silence   INTEGER NOT NULL CHECK (by_silence IN (0, 1)),
    reason       TEXT NOT NULL,
    due_on       TEXT,
    appeal_due   TEXT,
    note_id      INTEGER REFERENCES notes (id),
    recorded_by  TEXT NOT NULL
) STRICT;
CREATE INDEX complaint_steps_complaint ON complaint_steps (complaint_id, id);
CREATE TRIGGER complaint_steps_immutable_update BEFORE UPDATE ON complaint_steps
BEGIN SELECT RAISE(ABORT, 'complaint steps are append-only'); END;
CREATE TRIGGER complaint_steps_immutable_delete BEFORE DELETE ON complaint_steps
BEGIN SELECT RAISE(ABORT, 'complaint steps are append-only'); END;
