-- The Community Board's own records, and what each bill was priced for.

-- Board members and their terms: append-only; a term's end is given when it is recorded.
CREATE TABLE ncb_members (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    gender      TEXT NOT NULL CHECK (gender IN ('F', 'M')),
    post        TEXT NOT NULL CHECK (post IN ('president', 'secretary', 'member')),
    from_on     TEXT NOT NULL,
    to_on       TEXT,
    recorded_by TEXT NOT NULL,
    CHECK (to_on IS NULL OR to_on >= from_on)
) STRICT;
CREATE TRIGGER ncb_members_immutable_update BEFORE UPDATE ON ncb_members
BEGIN SELECT RAISE(ABORT, 'board members are append-only'); END;
CREATE TRIGGER ncb_members_immutable_delete BEFORE DELETE ON ncb_members
BEGIN SELECT RAISE(ABORT, 'board members are append-only'); END;

-- Meetings of the board and assemblies of the community, with attendance by gender.
CREATE TABLE ncb_meetings (
    id               INTEGER PRIMARY KEY,
    held_on          TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('board', 'assembly')),
    women            INTEGER NOT NULL CHECK (women >= 0),
    men              INTEGER NOT NULL CHECK (men >= 0),
    agreements       TEXT NOT NULL,
    sanction_request TEXT NOT NULL,
    recorded_by      TEXT NOT NULL
) STRICT;
CREATE INDEX ncb_meetings_held ON ncb_meetings (held_on);
CREATE TRIGGER ncb_meetings_immutable_update BEFORE UPDATE ON ncb_meetings
BEGIN SELECT RAISE(ABORT, 'board meetings are append-only'); END;
CREATE TRIGGER ncb_meetings_immutable_delete BEFORE DELETE ON ncb_meetings
BEGIN SELECT RAISE(ABORT, 'board meetings are append-only'); END;

-- The connection's service as the bill priced it (sewer, subsidy): the tariff audit recomputes
-- the bill from these, not from the connection as it is today. Written with the bill, sealed
-- with it in the chain, never changed.
CREATE TABLE bill_terms (
    bill_id    INTEGER PRIMARY KEY REFERENCES bills (id),
    sewer      INTEGER NOT NULL CHECK (sewer IN (0, 1)),
    subsidized INTEGER NOT NULL CHECK (subsidized IN (0, 1))
) STRICT;
CREATE TRIGGER bill_terms_immutable_update BEFORE UPDATE ON bill_terms
BEGIN SELECT RAISE(ABORT, 'issued bills are immutable'); END;
CREATE TRIGGER bill_terms_immutable_delete BEFORE DELETE ON bill_terms
BEGIN SELECT RAISE(ABORT, 'issued bills are immutable'); END;

-- The Board's indicators sum the bills issued in a month: an index by issue date, covering
-- what they sum, so twelve months read twelve small ranges instead of every bill.
CREATE INDEX bills_issued ON bills (issued_on, amount_due, subtotal, month_total, fund_share);

-- A bank reference may be used again once its payment was reversed (the clerk reverses a
-- wrong payment and records it again): uniqueness among live payments is checked inside the
-- import's write, since an index cannot see the reversal in another row.
DROP INDEX payments_reference;
CREATE INDEX payments_reference ON payments (reference) WHERE reference IS NOT NULL AND reverses IS NULL;
