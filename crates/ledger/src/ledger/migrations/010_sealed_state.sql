-- Records the program itself changes are sealed too: tariffs (a tariff no bill uses yet may be
-- imported again), meters, users and roles, the settings (operator, codes, signing key), the
-- numbering series and the delivery targets. Each change appends a link that keeps the
-- content it sealed, so every version stays in the chain and `ledger verify` compares each
-- record with its last sealed version: an edit outside Caudal is named.
ALTER TABLE chain ADD COLUMN content TEXT;
-- Links from now on write every record's fields as a JSON array (format 2); the links before
-- keep the format they were sealed in (1: some kinds joined their fields with `|`).
ALTER TABLE chain ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
-- The versions sealed of each record the program changes (only links that keep content, so
-- a billing run's thousands of links do not maintain it).
CREATE INDEX chain_versions ON chain (kind, record_id, seq) WHERE content IS NOT NULL;

-- What the writing transaction changed and must seal before it commits (always empty between
-- transactions). Filled by the triggers below, so no way of changing a sealed record escapes.
-- (Each trigger checks for its row itself: a conflict clause inside a trigger gives way to
-- the one of the statement that fired it.)
CREATE TABLE seal_queue (
    kind      TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    PRIMARY KEY (kind, record_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER tariffs_sealed_insert AFTER INSERT ON tariffs
BEGIN INSERT INTO seal_queue SELECT 'tariff', NEW.id WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'tariff' AND record_id = NEW.id); END;
CREATE TRIGGER tariffs_sealed_update AFTER UPDATE ON tariffs
BEGIN INSERT INTO seal_queue SELECT 'tariff', NEW.id WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'tariff' AND record_id = NEW.id); END;
CREATE TRIGGER tariffs_used_kept BEFORE DELETE ON tariffs
WHEN EXISTS (SELECT 1 FROM bills WHERE tariff_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'a tariff issued bills use is kept'); END;
CREATE TRIGGER meters_sealed_insert AFTER INSERT ON meters
BEGIN INSERT INTO seal_queue SELECT 'meter', NEW.id WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'meter' AND record_id = NEW.id); END;
CREATE TRIGGER meters_sealed_update AFTER UPDATE ON meters
BEGIN INSERT INTO seal_queue SELECT 'meter', NEW.id WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'meter' AND record_id = NEW.id); END;
CREATE TRIGGER users_sealed_insert AFTER INSERT ON users
BEGIN INSERT INTO seal_queue SELECT 'user', NEW.id WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'user' AND record_id = NEW.id); END;
CREATE TRIGGER users_sealed_update AFTER UPDATE ON users
BEGIN INSERT INTO seal_queue SELECT 'user', NEW.id WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'user' AND record_id = NEW.id); END;
CREATE TRIGGER targets_sealed_insert AFTER INSERT ON delivery_targets
BEGIN INSERT INTO seal_queue SELECT 'delivery_target', NEW.id WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'delivery_target' AND record_id = NEW.id); END;
CREATE TRIGGER targets_sealed_update AFTER UPDATE ON delivery_targets
BEGIN INSERT INTO seal_queue SELECT 'delivery_target', NEW.id WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'delivery_target' AND record_id = NEW.id); END;
-- The settings and the series are each sealed whole, as one record (0).
CREATE TRIGGER settings_sealed_insert AFTER INSERT ON settings
BEGIN INSERT INTO seal_queue SELECT 'settings', 0 WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'settings' AND record_id = 0); END;
CREATE TRIGGER settings_sealed_update AFTER UPDATE ON settings
BEGIN INSERT INTO seal_queue SELECT 'settings', 0 WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'settings' AND record_id = 0); END;
CREATE TRIGGER settings_sealed_delete AFTER DELETE ON settings
BEGIN INSERT INTO seal_queue SELECT 'settings', 0 WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'settings' AND record_id = 0); END;
-- Only the series' codes: the counters move with every bill and are checked as numbering.
CREATE TRIGGER series_sealed_insert AFTER INSERT ON series
BEGIN INSERT INTO seal_queue SELECT 'series', 0 WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'series' AND record_id = 0); END;
CREATE TRIGGER series_sealed_update AFTER UPDATE OF kind, code ON series
BEGIN INSERT INTO seal_queue SELECT 'series', 0 WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'series' AND record_id = 0); END;

-- A reading a bill used is part of that bill: never changed or removed afterwards (the bill
-- keeps its reading too, and `ledger verify` compares the two).
CREATE TRIGGER readings_used_immutable BEFORE UPDATE ON readings
WHEN EXISTS (SELECT 1 FROM bills WHERE connection_id = OLD.connection_id AND period = OLD.period)
BEGIN SELECT RAISE(ABORT, 'a reading a bill used is immutable'); END;
CREATE TRIGGER readings_used_kept BEFORE DELETE ON readings
WHEN EXISTS (SELECT 1 FROM bills WHERE connection_id = OLD.connection_id AND period = OLD.period)
BEGIN SELECT RAISE(ABORT, 'a reading a bill used is immutable'); END;

-- The audit log is a hash chain of its own: each entry's hash covers the one before it, so an
-- entry changed or removed outside Caudal is named. Its entries carry the time they were
-- written, so they are kept apart from the records' chain, whose head a bundle records and
-- whose links say nothing of the clock. The program hashes the entries already here right
-- after this migration, then puts the append-only guard back.
ALTER TABLE audit_log ADD COLUMN hash TEXT;
DROP TRIGGER audit_immutable_update;

-- What is here now is sealed once, right after this migration, by the program.
INSERT INTO seal_queue SELECT 'tariff', id FROM tariffs;
INSERT INTO seal_queue SELECT 'meter', id FROM meters;
INSERT INTO seal_queue SELECT 'user', id FROM users;
INSERT INTO seal_queue SELECT 'delivery_target', id FROM delivery_targets;
INSERT INTO seal_queue VALUES ('settings', 0), ('series', 0);
