-- Caudal ledger, version 2: payments and receipts, the community fund's spending, and the
-- operator's own entries (transition subsidy, operating costs). All append-only and sealed in
-- the hash chain.

-- A payment's id is its gapless number in the receipt series (R001-00000001). A reversal is a
-- payment of the opposite sign that names the one it cancels and why.
CREATE TABLE payments (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL,
    connection_id INTEGER NOT NULL REFERENCES connections (id),
    account       TEXT NOT NULL,
    paid_on       TEXT NOT NULL,
    amount        INTEGER NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('cash', 'bank')),
    reference     TEXT,
    reverses      INTEGER REFERENCES payments (id),
    reason        TEXT,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    CHECK ((reverses IS NULL AND amount > 0) OR (reverses IS NOT NULL AND amount < 0 AND reason IS NOT NULL))
) STRICT;
CREATE INDEX payments_connection ON payments (connection_id, id, amount, reverses);
CREATE INDEX payments_day ON payments (paid_on);
-- A bank's reference is imported once; a payment is reversed at most once.
CREATE UNIQUE INDEX payments_reference ON payments (reference) WHERE reference IS NOT NULL AND reverses IS NULL;
CREATE UNIQUE INDEX payments_reversal ON payments (reverses) WHERE reverses IS NOT NULL;

CREATE TRIGGER payments_immutable_update BEFORE UPDATE ON payments
BEGIN SELECT RAISE(ABORT, 'payments are immutable'); END;
CREATE TRIGGER payments_immutable_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'payments are immutable'); END;

INSERT INTO series (kind, code, next) SELECT 'receipt', 'R' || substr(code, 2), 1 FROM series WHERE kind = 'bill';

-- Spending of the community fund, by purpose, with its supporting document and approver.
CREATE TABLE fund_spending (
    id          INTEGER PRIMARY KEY,
    purpose     TEXT NOT NULL,
    spent_on    TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    description TEXT NOT NULL,
    document    TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    recorded_by TEXT NOT NULL
) STRICT;
CREATE TRIGGER fund_spending_immutable_update BEFORE UPDATE ON fund_spending
BEGIN SELECT RAISE(ABORT, 'fund movements are immutable'); END;
CREATE TRIGGER fund_spending_immutable_delete BEFORE DELETE ON fund_spending
BEGIN SELECT RAISE(ABORT, 'fund movements are immutable'); END;

-- The operator's own money: the municipality's transition subsidy and monthly operating costs.
CREATE TABLE operator_entries (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('transition_subsidy', 'energy', 'chlorine', 'salaries', 'maintenance', 'other_cost')),
    entry_on    TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    description TEXT NOT NULL,
    document    TEXT NOT NULL,
    recorded_by TEXT NOT NULL
) STRICT;
CREATE TRIGGER operator_entries_immutable_update BEFORE UPDATE ON operator_entries
BEGIN SELECT RAISE(ABORT, 'operator entries are immutable'); END;
CREATE TRIGGER operator_entries_immutable_delete BEFORE DELETE ON operator_entries
BEGIN SELECT RAISE(ABORT, 'operator entries are immutable'); END;

-- Credit and debit notes: the only way to correct an issued bill. Amounts by line are
-- magnitudes; `kind` gives the sign. `total` and `fund_share` are signed (a credit note is
-- negative) so that sums over notes are what they do to a balance.
CREATE TABLE notes (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('credit', 'debit')),
    bill_id       INTEGER NOT NULL REFERENCES bills (id),
    connection_id INTEGER NOT NULL REFERENCES connections (id),
    account       TEXT NOT NULL,
    issued_on     TEXT NOT NULL,
    reason        TEXT NOT NULL,
    water         INTEGER NOT NULL CHECK (water >= 0),
    sewer         INTEGER NOT NULL CHECK (sewer >= 0),
    fixed         INTEGER NOT NULL CHECK (fixed >= 0),
    tax           INTEGER NOT NULL CHECK (tax >= 0),
    total         INTEGER NOT NULL,
    fund_share    INTEGER NOT NULL,
    issued_by     TEXT NOT NULL
) STRICT;
CREATE INDEX notes_bill ON notes (bill_id);
CREATE INDEX notes_connection ON notes (connection_id);
CREATE TRIGGER notes_immutable_update BEFORE UPDATE ON notes
BEGIN SELECT RAISE(ABORT, 'notes are immutable'); END;
CREATE TRIGGER notes_immutable_delete BEFORE DELETE ON notes
BEGIN SELECT RAISE(ABORT, 'notes are immutable'); END;
INSERT INTO series (kind, code, next) SELECT 'note', 'N' || substr(code, 2), 1 FROM series WHERE kind = 'bill';

-- Cuts and reconnections of the service. A reconnection carries the charge set in settings,
-- which the account then owes like a bill.
CREATE TABLE service_events (
    id            INTEGER PRIMARY KEY,
    connection_id INTEGER NOT NULL REFERENCES connections (id),
    account       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('cut', 'reconnect')),
    event_on      TEXT NOT NULL,
    reason        TEXT NOT NULL,
    charge        INTEGER NOT NULL CHECK (charge >= 0),
    recorded_by   TEXT NOT NULL
) STRICT;
CREATE INDEX service_events_connection ON service_events (connection_id);
CREATE TRIGGER service_events_immutable_update BEFORE UPDATE ON service_events
BEGIN SELECT RAISE(ABORT, 'service events are immutable'); END;
CREATE TRIGGER service_events_immutable_delete BEFORE DELETE ON service_events
BEGIN SELECT RAISE(ABORT, 'service events are immutable'); END;
