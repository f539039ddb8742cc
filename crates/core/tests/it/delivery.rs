//! Delivery from the outbox against a real HTTP server on loopback that misbehaves in every way
//! a municipal server or a rural link does, and to a folder. A bundle ends delivered exactly
//! once, is never marked delivered early, and its state is in the ledger.

use super::bundle::{PASS, demo_with_key};
use super::common::admin;
use caudal_core::bundle::outbox::{When, backoff};
use caudal_core::bundle::{BundleState, TargetDraft};
use chrono::{Duration, Utc};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Mode {
    Fail500,
    /// Reads the request and never answers (past the client's timeout).
    Stall,
    /// Reads part of the body, then closes the connection.
    CloseMidUpload,
    Accept,
    /// Waits a second before it reads, then accepts: a busy server two senders could both reach.
    Slow,
    /// Accepts, and answers a few bytes at a time for longer than the client's timeout in all:
    /// a slow link that keeps moving.
    Trickle,
}

/// A tiny PUT server: what it accepted (path, body, Authorization header) is kept in order.
pub struct Server {
    pub port: u16,
    pub mode: Arc<Mutex<Mode>>,
    pub stored: Arc<Stored>,
}

impl Server {
    pub fn start(mode: Mode) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mode = Arc::new(Mutex::new(mode));
        let stored: Arc<Stored> = Arc::new(Mutex::new(Vec::new()));
        let (m, s) = (mode.clone(), stored.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (m, s) = (m.clone(), s.clone());
                std::thread::spawn(move || handle(stream, *m.lock().unwrap(), &s));
            }
        });
        Server { port, mode, stored }
    }

    pub fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/upload", self.port)
    }
}

/// What the server accepted: path, body, Authorization header.
type Stored = Mutex<Vec<(String, Vec<u8>, Option<String>)>>;

fn handle(stream: TcpStream, mode: Mode, stored: &Stored) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("").to_string();
    let (mut length, mut auth) = (0usize, None);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        let (k, v) = line.split_once(':').unwrap_or(("", ""));
        match k.to_ascii_lowercase().as_str() {
            "content-length" => length = v.trim().parse().unwrap_or(0),
            "authorization" => auth = Some(v.trim().to_string()),
            _ => {}
        }
    }
    let mut out = stream;
    match mode {
        Mode::Stall => std::thread::sleep(std::time::Duration::from_secs(6)),
        Mode::CloseMidUpload => {
            let mut part = vec![0u8; length.min(100)];
            let _ = reader.read_exact(&mut part);
        }
        Mode::Fail500 | Mode::Accept | Mode::Slow | Mode::Trickle => {
            if mode == Mode::Slow {
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
            let mut body = vec![0u8; length];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            let status = if mode == Mode::Fail500 {
                "500 Internal Server Error"
            } else {
                stored.lock().unwrap().push((path, body, auth));
                "201 Created"
            };
            let answer = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            if mode == Mode::Trickle {
                // 8 bytes every 250 ms: about 2 s for the answer, never 1 s silent.
                for chunk in answer.as_bytes().chunks(8) {
                    std::thread::sleep(std::time::Duration::from_millis(250));
                    if out.write_all(chunk).and_then(|()| out.flush()).is_err() {
                        return;
                    }
                }
            } else {
                let _ = out.write_all(answer.as_bytes());
            }
        }
    }
}

fn draft(location: &str) -> TargetDraft {
    TargetDraft {
        location: location.into(),
        username: None,
        password: None,
        token: None,
    }
}

#[test]
fn backoff_doubles_and_is_capped() {
    assert_eq!(backoff(1), Duration::seconds(30));
    assert_eq!(backoff(2), Duration::seconds(60));
    assert_eq!(backoff(3), Duration::seconds(120));
    assert_eq!(backoff(8), Duration::seconds(3600));
    assert_eq!(backoff(500), Duration::seconds(3600));
}

#[test]
fn http_delivery_survives_every_failure_and_delivers_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, period) = demo_with_key(dir.path());
    ledger.set_setting(&admin(), "delivery_timeout_seconds", "1").unwrap();
    let name = ledger.create_bundle(&admin(), period, PASS).unwrap().bundle.name;
    let (zip, sig) = ledger.bundle_files(&name).unwrap();
    assert_eq!(ledger.bundle(&name).unwrap().state, BundleState::Created);

    // Nobody listens: connection refused.
    let refused = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = ledger
        .add_target(&admin(), &draft(&format!("http://127.0.0.1:{refused}/upload")))
        .unwrap();
    let start = Utc::now();
    let attempts = ledger.deliver(When::Now, Utc::now).unwrap();
    assert_eq!(attempts.len(), 1);
    assert!(!attempts[0].delivered);
    let b = ledger.bundle(&name).unwrap();
    assert_eq!(b.state, BundleState::Pending);
    assert_eq!(b.deliveries[0].attempts, 1);
    assert!(b.deliveries[0].last_error.is_some());
    // Not due again before the backoff has passed; due after.
    assert!(
        ledger
            .deliver(When::DueAt(start + Duration::seconds(10)), Utc::now)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ledger
            .deliver(When::DueAt(start + Duration::seconds(40)), Utc::now)
            .unwrap()
            .len(),
        1
    );
    ledger.remove_target(&admin(), t.id).unwrap();

    let server = Server::start(Mode::Fail500);
    ledger.add_target(&admin(), &draft(&server.url())).unwrap();
    for (mode, expect) in [
        (Mode::Fail500, "HTTP 500"),
        (Mode::Stall, ""),
        (Mode::CloseMidUpload, ""),
    ] {
        server.set(mode);
        let began = std::time::Instant::now();
        let a = ledger.deliver(When::Now, Utc::now).unwrap();
        assert_eq!(a.len(), 1, "{mode:?}");
        assert!(!a[0].delivered, "{mode:?} must not count as delivered");
        assert!(
            a[0].error.as_ref().unwrap().en.contains(expect),
            "{mode:?}: {:?}",
            a[0].error
        );
        assert!(
            began.elapsed() < std::time::Duration::from_secs(5),
            "{mode:?} waited past the timeout"
        );
        assert_ne!(ledger.bundle(&name).unwrap().state, BundleState::Delivered);
    }
    assert!(server.stored.lock().unwrap().is_empty());

    // A restart: the state is in the ledger.
    let path = ledger.path().unwrap().to_path_buf();
    drop(ledger);
    let mut ledger = super::common::opened(&path);
    assert_eq!(ledger.bundle(&name).unwrap().state, BundleState::Pending);

    server.set(Mode::Accept);
    let a = ledger.deliver(When::Now, Utc::now).unwrap();
    assert!(a[0].delivered, "{:?}", a[0].error);
    let b = ledger.bundle(&name).unwrap();
    assert_eq!(b.state, BundleState::Delivered);
    assert!(
        b.deliveries
            .iter()
            .any(|d| d.delivered && d.target == server.url() && d.delivered_at.is_some())
    );
    {
        let stored = server.stored.lock().unwrap();
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0].0, format!("/upload/{name}.zip"));
        assert_eq!(stored[0].1, zip);
        assert_eq!(stored[1].0, format!("/upload/{name}.zip.minisig"));
        assert_eq!(stored[1].1, sig.as_bytes());
    }
    // Delivered means never sent again, unless a user asks.
    assert!(ledger.deliver(When::Now, Utc::now).unwrap().is_empty());
    assert_eq!(server.stored.lock().unwrap().len(), 2);
    ledger.resend_bundle(&admin(), &name).unwrap();
    assert!(ledger.deliver(When::Now, Utc::now).unwrap()[0].delivered);
    assert_eq!(server.stored.lock().unwrap().len(), 4);
}

#[test]
fn http_credentials_are_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, period) = demo_with_key(dir.path());
    let name = ledger.create_bundle(&admin(), period, PASS).unwrap().bundle.name;
    let server = Server::start(Mode::Accept);
    let mut d = draft(&server.url());
    d.username = Some("muni".into());
    d.password = Some("Zq9-clave-7".into());
    ledger.add_target(&admin(), &d).unwrap();
    let token_server = Server::start(Mode::Accept);
    let mut d = draft(&token_server.url());
    d.token = Some("t0k3n".into());
    ledger.add_target(&admin(), &d).unwrap();
    let a = ledger.deliver(When::Now, Utc::now).unwrap();
    assert!(a.iter().all(|a| a.delivered), "{a:?}");
    // "muni:Zq9-clave-7" in base64.
    assert_eq!(
        server.stored.lock().unwrap()[0].2.as_deref(),
        Some("Basic bXVuaTpacTktY2xhdmUtNw==")
    );
    assert_eq!(
        token_server.stored.lock().unwrap()[0].2.as_deref(),
        Some("Bearer t0k3n")
    );
    assert_eq!(ledger.bundle(&name).unwrap().state, BundleState::Delivered);
    // The ledger never holds a password or a token as typed: a copy of the file (a backup, a
    // USB stick) reveals neither. The key that seals them is beside the ledger, its owner's only.
    let path = ledger.path().unwrap().to_path_buf();
    let bytes = std::fs::read(&path).unwrap();
    let wal = std::fs::read(format!("{}-wal", path.display())).unwrap_or_default();
    for secret in ["Zq9-clave-7", "t0k3n"] {
        for file in [&bytes, &wal] {
            assert!(
                !file.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} in the ledger"
            );
        }
    }
    let key = path.with_file_name(format!("{}-secrets.key", path.file_name().unwrap().to_string_lossy()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // The ledger carried to another computer, without its key: the attempt says what to do.
    std::fs::remove_file(&key).unwrap();
    ledger.resend_bundle(&admin(), &name).unwrap();
    let a = ledger.deliver(When::Now, Utc::now).unwrap();
    assert!(a.iter().all(|a| !a.delivered), "{a:?}");
    assert!(a[0].error.as_ref().unwrap().es.contains("otra computadora"), "{a:?}");
    // Credentials on a folder make no sense and are refused.
    let mut bad = draft("/media/usb");
    bad.token = Some("x".into());
    assert_eq!(ledger.add_target(&admin(), &bad).unwrap_err().code(), "target_auth");
    assert_eq!(
        ledger.add_target(&admin(), &draft("relative/dir")).unwrap_err().code(),
        "target_location"
    );
}

#[test]
fn folder_delivery_copies_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, period) = demo_with_key(dir.path());
    let name = ledger.create_bundle(&admin(), period, PASS).unwrap().bundle.name;
    let usb = dir.path().join("usb");
    ledger.add_target(&admin(), &draft(usb.to_str().unwrap())).unwrap();
    // The stick is not plugged in: pending, with a reason a clerk understands.
    let a = ledger.deliver(When::Now, Utc::now).unwrap();
    let why = a[0].error.as_ref().unwrap();
    // Said in each language on its own, never both in one sentence.
    assert!(
        why.en.contains("is not available") && !why.en.contains("disponible"),
        "{why:?}"
    );
    assert!(
        why.es.contains("no está disponible") && !why.es.contains("available"),
        "{why:?}"
    );
    assert_eq!(ledger.bundle(&name).unwrap().state, BundleState::Pending);
    std::fs::create_dir(&usb).unwrap();
    assert!(ledger.deliver(When::Now, Utc::now).unwrap()[0].delivered);
    let (zip, sig) = ledger.bundle_files(&name).unwrap();
    assert_eq!(std::fs::read(usb.join(format!("{name}.zip"))).unwrap(), zip);
    assert_eq!(
        std::fs::read_to_string(usb.join(format!("{name}.zip.minisig"))).unwrap(),
        sig
    );
    assert_eq!(ledger.bundle(&name).unwrap().state, BundleState::Delivered);
    assert!(ledger.deliver(When::Now, Utc::now).unwrap().is_empty());
    // A target added later (the municipality's own folder) still gets the month already sent
    // to the stick.
    let muni = dir.path().join("municipalidad");
    std::fs::create_dir(&muni).unwrap();
    ledger.add_target(&admin(), &draft(muni.to_str().unwrap())).unwrap();
    let sent = ledger.deliver(When::Now, Utc::now).unwrap();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].delivered);
    assert_eq!(std::fs::read(muni.join(format!("{name}.zip"))).unwrap(), zip);
}

#[test]
fn a_slow_link_that_keeps_moving_delivers_and_a_silent_one_fails_soon() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, period) = demo_with_key(dir.path());
    // One second of silence fails an attempt; the whole upload below takes about four.
    ledger.set_setting(&admin(), "delivery_timeout_seconds", "1").unwrap();
    let name = ledger.create_bundle(&admin(), period, PASS).unwrap().bundle.name;
    let server = Server::start(Mode::Trickle);
    ledger.add_target(&admin(), &draft(&server.url())).unwrap();
    let began = std::time::Instant::now();
    let a = ledger.deliver(When::Now, Utc::now).unwrap();
    let took = began.elapsed();
    assert!(a[0].delivered, "{:?}", a[0].error);
    assert!(
        took > std::time::Duration::from_secs(2),
        "the answers took {took:?}, longer than the timeout"
    );
    assert_eq!(ledger.bundle(&name).unwrap().state, BundleState::Delivered);
    // Silence still fails within about the timeout (the Stall case of the test above).
    ledger.resend_bundle(&admin(), &name).unwrap();
    server.set(Mode::Stall);
    let began = std::time::Instant::now();
    let a = ledger.deliver(When::Now, Utc::now).unwrap();
    assert!(!a[0].delivered);
    assert!(
        began.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        began.elapsed()
    );
}

#[test]
fn two_senders_never_put_the_same_files_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, period) = demo_with_key(dir.path());
    let name = ledger.create_bundle(&admin(), period, PASS).unwrap().bundle.name;
    let server = Server::start(Mode::Slow);
    ledger.add_target(&admin(), &draft(&server.url())).unwrap();
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    ledger.add_target(&admin(), &draft(usb.to_str().unwrap())).unwrap();
    let path = ledger.path().unwrap().to_path_buf();
    drop(ledger);
    // The window's background round and its "deliver now", each on its own connection, at once.
    let senders: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut ledger = super::common::opened(&path);
                ledger.deliver(When::Now, Utc::now)
            })
        })
        .collect();
    let outcomes: Vec<_> = senders.into_iter().map(|s| s.join().unwrap()).collect();
    let delivered: usize = outcomes
        .iter()
        .filter_map(|o| o.as_ref().ok())
        .map(|a| a.iter().filter(|a| a.delivered).count())
        .sum();
    assert_eq!(delivered, 2, "each target once: {outcomes:?}");
    // The one that found a delivery under way says so, in words.
    for o in &outcomes {
        if let Err(e) = o {
            assert_eq!(e.code(), "conflict");
            assert!(e.message(caudal_core::Lang::Es).contains("Otro envío"), "{e}");
        }
    }
    assert_eq!(
        server.stored.lock().unwrap().len(),
        2,
        "the zip and its signature, once each"
    );
    let ledger = super::common::opened(&path);
    assert_eq!(ledger.bundle(&name).unwrap().state, BundleState::Delivered);
    // No temporary copy is left in the folder.
    let left: Vec<_> = std::fs::read_dir(&usb)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}
