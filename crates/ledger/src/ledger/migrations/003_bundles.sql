-- Caudal ledger, version 3: the municipality's monthly bundles and their delivery.

-- A bundle as created and signed, byte for byte, so that what is delivered (and re-delivered
-- on request) is exactly what was signed. Immutable: a correction is a new revision (-2, -3…).
CREATE TABLE bundles (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,      -- OPSM-SMP-2026-10, OPSM-SMP-2026-10-2
    period          TEXT NOT NULL,
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    ledger_head     TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,             -- the payload's manifest: same data, same bundle
    zip             BLOB NOT NULL,
    zip_sha256      TEXT NOT NULL,
    minisig         TEXT NOT NULL,
    created_on      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    UNIQUE (period, revision)
) STRICT;
CREATE TRIGGER bundles_immutable_update BEFORE UPDATE ON bundles
BEGIN SELECT RAISE(ABORT, 'bundles are immutable'); END;
CREATE TRIGGER bundles_immutable_delete BEFORE DELETE ON bundles
BEGIN SELECT RAISE(ABORT, 'bundles are immutable'); END;

-- Where bundles go: a folder (USB stick, shared drive) or an HTTP(S) URL that accepts PUT.
-- A removed target is kept (inactive) so that past deliveries still say where they went.
CREATE TABLE delivery_targets (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('folder', 'http')),
    location   TEXT NOT NULL,
    auth       TEXT NOT NULL CHECK (auth IN ('none', 'basic', 'token')),
    username   TEXT,
    secret     TEXT,
    active     INTEGER NOT NULL CHECK (active IN (0, 1)),
    added_at   TEXT NOT NULL,
    CHECK ((auth = 'none') = (secret IS NULL))
) STRICT;

-- One row per bundle and target: the outbox. Times are UTC (RFC 3339) so that backoff
-- survives a change of the local clock setting.
CREATE TABLE deliveries (
    bundle_id       INTEGER NOT NULL REFERENCES bundles (id),
    target_id       INTEGER NOT NULL REFERENCES delivery_targets (id),
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered')),
    attempts        INTEGER NOT NULL CHECK (attempts >= 0),
    last_error      TEXT,
    last_attempt_at TEXT,
    next_attempt_at TEXT,
    delivered_at    TEXT,
    PRIMARY KEY (bundle_id, target_id),
    CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
) STRICT;
CREATE INDEX deliveries_pending ON deliveries (state, next_attempt_at);
