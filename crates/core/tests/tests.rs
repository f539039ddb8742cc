//! caudal-core's integration tests: one binary, a module per domain (faster to link than one
//! binary per file).

// Test helpers stop at the first surprise; an unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used)]

mod it;
