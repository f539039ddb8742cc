//! caudal-core's integration tests: one binary, a module per domain (faster to link than one
//! binary per file).

mod it;
