mod billing;
mod common;
mod imports;
mod ledger;
mod properties;
mod story;
