mod billing;
mod common;
mod imports;
mod ledger;
mod payments;
mod properties;
mod story;
