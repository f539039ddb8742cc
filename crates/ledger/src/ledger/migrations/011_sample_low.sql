-- A sample's verdict keeps, beside its failing parameters, those under their minimum but not
-- failing (free chlorine between its low level and its minimum), as judged with the limits in
-- force when it was recorded. A month's figures are read from these sealed verdicts, so a limit
-- changed today never changes a past month. Samples recorded before this version have none
-- (NULL): their figures read the verdict and, for a failing sample, today's chlorine minimum.
ALTER TABLE quality_samples ADD COLUMN low TEXT;
