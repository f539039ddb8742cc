-- Connections are sealed as tariffs and meters are: what a bill is computed from (category,
-- sewer, subsidy, sector, status) and who the customer is. An edit outside Caudal (a
-- connection made subsidized behind the program's back) is named by `ledger verify` before
-- the next bills use it. The connections already there are queued here and sealed in this
-- migration's transaction.
CREATE TRIGGER connections_sealed_insert AFTER INSERT ON connections
BEGIN INSERT INTO seal_queue SELECT 'connection', NEW.id WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'connection' AND record_id = NEW.id); END;
CREATE TRIGGER connections_sealed_update AFTER UPDATE ON connections
BEGIN INSERT INTO seal_queue SELECT 'connection', NEW.id WHERE NOT EXISTS (SELECT 1 FROM seal_queue WHERE kind = 'connection' AND record_id = NEW.id); END;
CREATE TRIGGER connections_kept BEFORE DELETE ON connections
BEGIN SELECT RAISE(ABORT, 'a connection is closed, never deleted'); END;
INSERT INTO seal_queue SELECT 'connection', id FROM connections;
