//! Fuzzing on the stable toolchain: each importer, the tariff parser and `bundle verify` are
//! fed mutations of a committed corpus of nasty files (`tests/fuzz-corpus/`: Windows-1252 with
//! `;`, quotes left open, huge numbers, duplicated accounts, ambiguous amounts, dates out of
//! range) for a bounded time each (`CAUDAL_FUZZ_SECONDS`, default 3). Whatever comes in: no
//! panic, a refusal names its reason in both languages, and a refused import writes nothing.

use super::common::*;
use caudal_core::Lang;
use caudal_core::import::ImportOptions;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that break parsers: separators, quotes, line ends, Windows-1252 and UTF-8 letters,
/// a BOM, NUL, huge numbers, signs and dates at the edges.
const DICTIONARY: &[&[u8]] = &[
    b";",
    b",",
    b"\"",
    b"\n",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xe9",
    b"\xf1",
    "ñ".as_bytes(),
    b"-",
    b"99999999999999999999999",
    b"1,250",
    b"1.250",
    b"0",
    b"",
    b"1900-01",
    b"9999-12-31",
    b"31/02/2026",
    b"2026-13",
    b"NaN",
    b"1e9",
    b"sin_acceso",
    b"si",
    b"no",
    b"=",
    b"[",
    b"]",
    b"\t",
];

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let piece = DICTIONARY[rng.below(DICTIONARY.len())];
                out.splice(at..at, piece.iter().copied());
            }
            2 if !out.is_empty() => {
                let end = (at + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 => out.truncate(at),
            4 => {
                // Duplicate a line.
                let lines: Vec<&[u8]> = out.split(|b| *b == b'\n').collect();
                let line = lines[rng.below(lines.len())].to_vec();
                out.extend_from_slice(b"\n");
                out.extend_from_slice(&line);
            }
            5 => {
                let byte = (rng.next() & 0xff) as u8;
                out.insert(at.min(out.len()), byte);
            }
            _ => out.extend_from_slice(DICTIONARY[rng.below(DICTIONARY.len())]),
        }
    }
    out
}

fn corpus(kind: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-corpus")).join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.into_iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn budget() -> Duration {
    let secs = std::env::var("CAUDAL_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    Duration::from_secs(secs)
}

/// A refusal is a sentence in each language.
fn clear(e: &caudal_core::Error) -> bool {
    let (es, en) = (e.message(Lang::Es), e.message(Lang::En));
    !es.trim().is_empty() && !en.trim().is_empty() && !es.contains("panicked") && !en.contains("panicked")
}

/// Runs `one` on mutations of the corpus of `kind` until the time budget is spent; returns
/// the number of executions.
fn fuzz(kind: &str, seed: u64, mut one: impl FnMut(&[u8])) -> u64 {
    let seeds = corpus(kind);
    let mut rng = Rng(seed);
    let started = Instant::now();
    let mut runs = 0u64;
    for s in &seeds {
        one(s);
        runs += 1;
    }
    while started.elapsed() < budget() {
        let s = &seeds[rng.below(seeds.len())];
        let input = mutate(s, &mut rng);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| one(&input)));
        if outcome.is_err() {
            let path = std::env::temp_dir().join(format!("caudal-fuzz-{kind}-crash.bin"));
            std::fs::write(&path, &input).unwrap();
            panic!("{kind}: a panic on the input saved at {}", path.display());
        }
        runs += 1;
    }
    println!(
        "fuzz {kind}: {runs} executions in {:.1} s, 0 panics",
        started.elapsed().as_secs_f32()
    );
    runs
}

fn count(t: &Town, table: &str) -> i64 {
    let db = rusqlite::Connection::open(t.dir.path().join("caudal.db")).unwrap();
    db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// The signature every import of the core shares.
type Import = fn(
    &mut caudal_core::Ledger,
    &caudal_core::Actor,
    &Path,
    ImportOptions,
    bool,
) -> caudal_core::Result<(caudal_core::import::ImportSummary, caudal_core::import::Table)>;

/// One import of `bytes` as a file; a refusal must leave `table` as it was.
fn import_once(t: &mut Town, table: &str, bytes: &[u8], import: Import) {
    let path = t.file("fuzz.csv", bytes);
    let before = count(t, table);
    if let Err(e) = import(&mut t.ledger, &clerk(), &path, ImportOptions::default(), false) {
        assert!(clear(&e), "{e:?}");
        assert_eq!(count(t, table), before, "a refused import wrote nothing");
    }
}

#[test]
fn importers_and_the_tariff_parser_survive_any_file() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    let customers = fuzz("customers", 1, |b| {
        import_once(&mut t, "connections", b, caudal_core::Ledger::import_customers)
    });
    let readings = fuzz("readings", 2, |b| {
        import_once(&mut t, "readings", b, caudal_core::Ledger::import_readings)
    });
    let payments = fuzz("payments", 3, |b| {
        import_once(&mut t, "payments", b, caudal_core::Ledger::import_payments)
    });
    let tariffs = fuzz("tariff", 4, |b| {
        if let Err(e) = caudal_core::tariffs::parse(&String::from_utf8_lossy(b)) {
            assert!(clear(&e));
        }
    });
    assert!(customers > 10 && readings > 10 && payments > 10 && tariffs > 10);
    let report = t.ledger.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn bundle_verify_survives_any_mutated_zip() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, period) = super::bundle::demo_with_key(dir.path());
    let created = ledger
        .create_bundle(&admin(), period, super::bundle::PASS)
        .unwrap()
        .bundle;
    let (zip, sig) = ledger.bundle_files(&created.name).unwrap();
    let public = ledger.public_key().unwrap().unwrap().public_box;
    let mut rng = Rng(5);
    let started = Instant::now();
    let (mut runs, mut refused) = (0u64, 0u64);
    while started.elapsed() < budget() {
        let mut bytes = zip.clone();
        for _ in 0..=rng.below(6) {
            match rng.below(3) {
                0 if !bytes.is_empty() => {
                    let i = rng.below(bytes.len());
                    bytes[i] ^= 1 << rng.below(8);
                }
                1 => bytes.truncate(rng.below(bytes.len())),
                _ => {
                    let i = rng.below(bytes.len());
                    bytes.insert(i, (rng.next() & 0xff) as u8);
                }
            }
        }
        let sig = if rng.below(4) == 0 {
            mutate(sig.as_bytes(), &mut rng)
        } else {
            sig.clone().into_bytes()
        };
        let sig = String::from_utf8_lossy(&sig).into_owned();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            caudal_core::bundle::verify::verify(&created.name, &bytes, Some(&sig), &public)
        }));
        match outcome {
            Err(_) => panic!("bundle verify panicked"),
            Ok(Err(e)) => {
                assert!(clear(&e));
                refused += 1;
            }
            Ok(Ok(r)) => {
                // Any changed byte changes the zip's hash, which the signature covers.
                assert!(bytes == zip || !r.problems.is_empty(), "a changed bundle was accepted");
                if !r.problems.is_empty() {
                    refused += 1;
                }
            }
        }
        runs += 1;
    }
    println!("fuzz bundle verify: {runs} executions, {refused} refused, 0 panics");
    assert!(runs > 10);
}
