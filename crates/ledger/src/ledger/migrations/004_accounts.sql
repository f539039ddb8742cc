-- Caudal ledger, version 4: the accounts model (docs/accounts.md).

-- Closed months: closing month P closes every month through P (the newest row says how far).
-- Append-only and sealed in the hash chain.
CREATE TABLE closed_months (
    id        INTEGER PRIMARY KEY,
    period    TEXT NOT NULL UNIQUE,
    closed_on TEXT NOT NULL,
    closed_by TEXT NOT NULL,
    reason    TEXT NOT NULL
) STRICT;
CREATE TRIGGER closed_months_immutable_update BEFORE UPDATE ON closed_months
BEGIN SELECT RAISE(ABORT, 'closed months stay closed'); END;
CREATE TRIGGER closed_months_immutable_delete BEFORE DELETE ON closed_months
BEGIN SELECT RAISE(ABORT, 'closed months stay closed'); END;

-- A note corrects the bill's own lines, the subsidy included: the subsidy it takes back (a
-- credit) or adds (a debit), as a magnitude like the other lines. Notes written before this
-- version ignored the subsidy; they stay as issued.
ALTER TABLE notes ADD COLUMN subsidy INTEGER NOT NULL DEFAULT 0 CHECK (subsidy >= 0);

-- A connection's status changes only through dated service events: cut, reconnect, and now
-- suspend (at the customer's request) and close. Each event records the status it left, so
-- the status on any day can be read from the events. The table is rebuilt to widen its
-- kinds; its rows are copied as they are (the chain seals the same columns).
CREATE TABLE service_events_v4 (
    id            INTEGER PRIMARY KEY,
    connection_id INTEGER NOT NULL REFERENCES connections (id),
    account       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('cut', 'reconnect', 'suspend', 'close')),
    event_on      TEXT NOT NULL,
    reason        TEXT NOT NULL,
    charge        INTEGER NOT NULL CHECK (charge >= 0),
    recorded_by   TEXT NOT NULL,
    from_status   TEXT NOT NULL CHECK (from_status IN ('active', 'suspended', 'cut', 'closed'))
) STRICT;
INSERT INTO service_events_v4 (id, connection_id, account, kind, event_on, reason, charge, recorded_by, from_status)
SELECT id, connection_id, account, kind, event_on, reason, charge, recorded_by,
       CASE kind WHEN 'cut' THEN 'active' ELSE 'cut' END
  FROM service_events;
DROP TABLE service_events;
ALTER TABLE service_events_v4 RENAME TO service_events;
CREATE INDEX service_events_connection ON service_events (connection_id, event_on, id);
CREATE TRIGGER service_events_immutable_update BEFORE UPDATE ON service_events
BEGIN SELECT RAISE(ABORT, 'service events are immutable'); END;
CREATE TRIGGER service_events_immutable_delete BEFORE DELETE ON service_events
BEGIN SELECT RAISE(ABORT, 'service events are immutable'); END;

-- Periods billed, in order: a run that issued no bill still bills its period (the order of
-- periods is read here, not from the bills).
CREATE TABLE issued_periods (
    period          TEXT PRIMARY KEY,
    first_issued_on TEXT NOT NULL,
    issued_by       TEXT NOT NULL
) STRICT;
INSERT INTO issued_periods (period, first_issued_on, issued_by)
SELECT period, min(issued_on), 'migration' FROM bills GROUP BY period;
CREATE TRIGGER issued_periods_immutable_update BEFORE UPDATE ON issued_periods
BEGIN SELECT RAISE(ABORT, 'issued periods are append-only'); END;
CREATE TRIGGER issued_periods_immutable_delete BEFORE DELETE ON issued_periods
BEGIN SELECT RAISE(ABORT, 'issued periods are append-only'); END;
