-- Caudal ledger, version 5: the backups made of this ledger, each verified when written, with
-- its time, file, hash and the chain head it holds.
CREATE TABLE backups (
    id         INTEGER PRIMARY KEY,
    taken_at   TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('manual', 'before_issue', 'before_migration', 'daily', 'on_close')),
    path       TEXT NOT NULL,
    bytes      INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    chain_head TEXT NOT NULL,
    links      INTEGER NOT NULL,
    -- The audit log's last entry when the copy was taken: an automatic copy is skipped when
    -- nothing was recorded since the last one.
    audit_id   INTEGER NOT NULL
) STRICT;
CREATE TRIGGER backups_immutable_update BEFORE UPDATE ON backups
BEGIN SELECT RAISE(ABORT, 'backup records are append-only'); END;
