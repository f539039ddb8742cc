-- Caudal ledger, version 1. Money columns are INTEGER céntimos; rates stay inside the tariff
-- document as decimal strings. Dates are the operator's local calendar dates (YYYY-MM-DD),
-- periods are YYYY-MM.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'technician', 'ncb')),
    password_hash TEXT,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
) STRICT;

-- Who wrote what, and when. Append-only.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
) STRICT;

CREATE TABLE tariffs (
    id             INTEGER PRIMARY KEY,
    effective_from TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    approval       TEXT NOT NULL,
    document       TEXT NOT NULL,   -- the TOML document as imported, byte for byte
    imported_at    TEXT NOT NULL,
    imported_by    TEXT NOT NULL
) STRICT;

CREATE TABLE connections (
    id           INTEGER PRIMARY KEY,
    account      TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    document     TEXT,
    address      TEXT NOT NULL,
    sector       TEXT NOT NULL,
    route        TEXT,
    route_seq    INTEGER,
    category     TEXT NOT NULL,
    metered      INTEGER NOT NULL CHECK (metered IN (0, 1)),
    sewer        INTEGER NOT NULL CHECK (sewer IN (0, 1)),
    subsidized   INTEGER NOT NULL CHECK (subsidized IN (0, 1)),
    status       TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'cut', 'closed')),
    gender       TEXT CHECK (gender IN ('F', 'M')),
    phone        TEXT,
    connected_on TEXT
) STRICT;
CREATE INDEX connections_route ON connections (route, route_seq);

-- Meters over time: the current one has removed_on NULL. A replacement closes the old meter
-- (removed_on, final_reading) and opens the new one in the same transaction.
CREATE TABLE meters (
    id              INTEGER PRIMARY KEY,
    connection_id   INTEGER NOT NULL REFERENCES connections (id),
    serial          TEXT NOT NULL,
    digits          INTEGER NOT NULL CHECK (digits BETWEEN 1 AND 12),
    initial_reading INTEGER NOT NULL CHECK (initial_reading >= 0),
    installed_on    TEXT,
    removed_on      TEXT,
    final_reading   INTEGER
) STRICT;
CREATE INDEX meters_connection ON meters (connection_id, id);
CREATE UNIQUE INDEX meters_current ON meters (connection_id) WHERE removed_on IS NULL;

CREATE TABLE readings (
    id            INTEGER PRIMARY KEY,
    connection_id INTEGER NOT NULL REFERENCES connections (id),
    meter_id      INTEGER NOT NULL REFERENCES meters (id),
    period        TEXT NOT NULL,
    reading       INTEGER CHECK (reading >= 0),
    status        TEXT NOT NULL CHECK (status IN ('ok', 'no_access', 'meter_broken')),
    read_on       TEXT NOT NULL,
    reader        TEXT,
    note          TEXT,
    confirmed_by  TEXT,             -- set when a user accepts a reading held as atypical
    CHECK ((status = 'ok') = (reading IS NOT NULL)),
    -- Period first: a month's readings arrive together, so they append to the index instead
    -- of landing on 30,000 different pages.
    UNIQUE (period, connection_id)
) STRICT;

-- Gapless series: the next number is taken in the same transaction that issues the record.
CREATE TABLE series (
    kind TEXT PRIMARY KEY,          -- 'bill', later 'receipt', 'note'
    code TEXT NOT NULL,             -- e.g. S001
    next INTEGER NOT NULL CHECK (next >= 1)
) STRICT;

-- Issued bills: immutable (see the triggers). Holder, address and category are copied so the
-- bill stays what was issued even when the customer record changes later. The id is the
-- gapless sequence number of the series; `number` is its printed form (S001-00000042). The
-- charge lines are the amount columns themselves (water … rounding_curr), so they are never
-- stored twice.
CREATE TABLE bills (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL,
    connection_id    INTEGER NOT NULL REFERENCES connections (id),
    account          TEXT NOT NULL,
    holder           TEXT NOT NULL,
    address          TEXT NOT NULL,
    period           TEXT NOT NULL,
    issued_on        TEXT NOT NULL,
    due_on           TEXT NOT NULL,
    tariff_id        INTEGER NOT NULL REFERENCES tariffs (id),
    category         TEXT NOT NULL,
    basis            TEXT NOT NULL CHECK (basis IN ('measured', 'estimated', 'assigned')),
    meter_serial     TEXT,
    prev_reading     INTEGER,
    curr_reading     INTEGER,
    consumption_m3   INTEGER NOT NULL,
    billed_m3        INTEGER NOT NULL,
    water            INTEGER NOT NULL,
    sewer            INTEGER NOT NULL,
    fixed            INTEGER NOT NULL,
    subsidy          INTEGER NOT NULL,
    subtotal         INTEGER NOT NULL,
    tax              INTEGER NOT NULL,
    month_total      INTEGER NOT NULL,
    rounding_prev    INTEGER NOT NULL,
    rounding_curr    INTEGER NOT NULL,
    amount_due       INTEGER NOT NULL,
    previous_balance INTEGER NOT NULL,
    total_to_pay     INTEGER NOT NULL,
    fund_share       INTEGER NOT NULL,
    issued_by        TEXT NOT NULL,
    UNIQUE (connection_id, period)
) STRICT;
CREATE INDEX bills_period ON bills (period);
-- Covers what the next run needs of every earlier bill (averages, settlements, carry, balance)
-- so the run reads a narrow index instead of the wide rows.
CREATE INDEX bills_history ON bills (connection_id, period, basis, consumption_m3, rounding_curr, amount_due, due_on);

-- The hash chain over every append-only record (bills now; payments, notes and fund movements
-- join it). hash = SHA-256(prev_hash || kind || canonical content of the record).
CREATE TABLE chain (
    seq       INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;

-- Issued means immutable: the ledger itself refuses edits and deletions. A determined person can
-- drop these triggers; the hash chain is what then shows the edit.
CREATE TRIGGER bills_immutable_update BEFORE UPDATE ON bills
BEGIN SELECT RAISE(ABORT, 'issued bills are immutable'); END;
CREATE TRIGGER bills_immutable_delete BEFORE DELETE ON bills
BEGIN SELECT RAISE(ABORT, 'issued bills are immutable'); END;
CREATE TRIGGER chain_immutable_update BEFORE UPDATE ON chain
BEGIN SELECT RAISE(ABORT, 'the hash chain is append-only'); END;
CREATE TRIGGER chain_immutable_delete BEFORE DELETE ON chain
BEGIN SELECT RAISE(ABORT, 'the hash chain is append-only'); END;
CREATE TRIGGER audit_immutable_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_immutable_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
