-- Whole checks of the ledger: each time `ledger verify` finds the chain whole it seals where
-- it stood, so later quick checks (the Board's report, its home) re-read only what came after
-- and still name any record that changed since. Append-only, and sealed in the chain.
CREATE TABLE ledger_checks (
    id           INTEGER PRIMARY KEY,
    checked_at   TEXT NOT NULL,
    through_seq  INTEGER NOT NULL CHECK (through_seq >= 0),
    through_hash TEXT NOT NULL,
    -- {"kind": links of that kind up to through_seq, ...}
    links        TEXT NOT NULL
) STRICT;
CREATE TRIGGER ledger_checks_immutable_update BEFORE UPDATE ON ledger_checks
BEGIN SELECT RAISE(ABORT, 'ledger checks are append-only'); END;
CREATE TRIGGER ledger_checks_immutable_delete BEFORE DELETE ON ledger_checks
BEGIN SELECT RAISE(ABORT, 'ledger checks are append-only'); END;

-- What the accounts read of every bill and payment, in the order they read it (by connection,
-- then date): a town's whole history is read from these narrow indexes instead of the wide
-- tables (the Board's report reads ten years of it in a fraction of a second).
CREATE INDEX bills_entries ON bills (connection_id, issued_on, amount_due, due_on, fund_share, tariff_id);
CREATE INDEX payments_entries ON payments (connection_id, paid_on, amount, reverses);
-- The few bills that carry a transition subsidy, which the fund pays.
CREATE INDEX bills_subsidy ON bills (issued_on, subsidy) WHERE subsidy <> 0;
