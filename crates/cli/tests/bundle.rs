//! The bundle as the municipality meets it, checked by the stock tools and not by Caudal:
//! `minisign -V -H` (Debian's minisign) and `bagit.py --validate` (PyPI's bagit), each tampering
//! case rejected; delivery to a real WebDAV server (nginx, `dav_methods PUT`); and a delivery
//! killed mid-attempt that leaves the outbox honest. scripts/setup installs the tools.

#![allow(clippy::unwrap_used)]

mod common;
use common::{caudal, ok};

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn tool(name: &str) -> PathBuf {
    for dir in std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .chain(["/usr/sbin", "/usr/local/bin"])
    {
        let p = Path::new(dir).join(name);
        if p.is_file() {
            return p;
        }
    }
    panic!("{name} is not installed: run scripts/setup (it installs minisign, bagit and nginx)");
}

/// A demo town with a key and its last month's bundle written to `dir/out`: (db, zip, pub).
fn bundled(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let db = common::demo(dir, 60, 2);
    ok(&caudal(&db, &["key", "generate", "--out", dir.to_str().unwrap()]));
    let public = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pub"))
        .unwrap();
    let out = dir.join("out");
    std::fs::create_dir(&out).unwrap();
    let created: serde_json::Value = serde_json::from_str(&ok(&caudal(
        &db,
        &[
            "--json",
            "bundle",
            "create",
            "--period",
            &last_period(&db),
            "--out",
            out.to_str().unwrap(),
        ],
    )))
    .unwrap();
    let name = created["bundle"]["name"].as_str().unwrap();
    (db, out.join(format!("{name}.zip")), public)
}

fn last_period(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT max(period) FROM bills", [], |r| r.get(0))
        .unwrap()
}

fn minisign_ok(zip: &Path, public: &Path) -> bool {
    Command::new(tool("minisign"))
        .args(["-V", "-H", "-m"])
        .arg(zip)
        .arg("-p")
        .arg(public)
        .output()
        .unwrap()
        .status
        .success()
}

/// Unzips into a fresh folder and runs `bagit.py --validate` on the bag.
fn bagit_ok(zip: &Path) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    archive.extract(dir.path()).unwrap();
    let bag = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    Command::new(tool("bagit.py"))
        .arg("--validate")
        .arg(&bag)
        .output()
        .unwrap()
        .status
        .success()
}

fn caudal_verify(zip: &Path, public: &Path) -> (bool, String) {
    let out = common::caudal_command()
        .args(["--lang", "en", "bundle", "verify"])
        .arg(zip)
        .arg("--pubkey")
        .arg(public)
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A copy of the bundle (zip + signature) under another folder, with `edit` applied to the zip's
/// entries or to the signature text.
fn tampered(
    zip: &Path,
    into: &Path,
    name: &str,
    edit_entries: impl Fn(&mut Vec<(String, Vec<u8>)>),
    edit_sig: impl Fn(String) -> String,
) -> PathBuf {
    std::fs::create_dir_all(into).unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        entries.push((f.name().unwrap().to_string(), b));
    }
    edit_entries(&mut entries);
    let path = into.join(format!("{name}.zip"));
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (n, b) in entries {
        w.start_file(n, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(&b).unwrap();
    }
    w.finish().unwrap();
    let sig = std::fs::read_to_string(format!("{}.minisig", zip.display())).unwrap();
    std::fs::write(format!("{}.minisig", path.display()), edit_sig(sig)).unwrap();
    path
}

#[test]
fn stock_tools_accept_the_bundle_and_reject_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, zip, public) = bundled(dir.path());
    let name = zip.file_stem().unwrap().to_str().unwrap().to_string();
    assert!(minisign_ok(&zip, &public), "minisign -V -H rejects a fresh bundle");
    assert!(bagit_ok(&zip), "bagit.py --validate rejects a fresh bundle");
    let (valid, text) = caudal_verify(&zip, &public);
    assert!(valid, "{text}");

    // A flipped byte in the zip.
    let flipped = dir.path().join("flipped");
    std::fs::create_dir(&flipped).unwrap();
    let mut bytes = std::fs::read(&zip).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x20;
    let f = flipped.join(format!("{name}.zip"));
    std::fs::write(&f, &bytes).unwrap();
    std::fs::copy(format!("{}.minisig", zip.display()), format!("{}.minisig", f.display())).unwrap();
    assert!(!minisign_ok(&f, &public));
    assert!(!caudal_verify(&f, &public).0);

    // An edited trusted comment.
    let f = tampered(
        &zip,
        &dir.path().join("comment"),
        &name,
        |_| {},
        |s| s.replace("trusted comment: bundle:", "trusted comment: bundle:OTRO"),
    );
    // The zip was rewritten too (same entries, other options), so copy the original bytes back.
    std::fs::copy(&zip, &f).unwrap();
    assert!(!minisign_ok(&f, &public));
    assert!(!caudal_verify(&f, &public).0);

    // A changed payload CSV: the zip signature and BagIt both see it.
    let f = tampered(
        &zip,
        &dir.path().join("csv"),
        &name,
        |e| {
            let c = e.iter_mut().find(|(n, _)| n.ends_with("data/customers.csv")).unwrap();
            let pos = c.1.len() - 3;
            c.1[pos] ^= 0x01;
        },
        |s| s,
    );
    assert!(!minisign_ok(&f, &public));
    assert!(!bagit_ok(&f));
    let (valid, text) = caudal_verify(&f, &public);
    assert!(!valid && text.contains("data/customers.csv was changed"), "{text}");

    // An extra file.
    let f = tampered(
        &zip,
        &dir.path().join("extra"),
        &name,
        |e| e.push((format!("{name}/data/extra.csv"), b"x\r\n".to_vec())),
        |s| s,
    );
    assert!(!minisign_ok(&f, &public));
    assert!(!bagit_ok(&f));
    let (valid, text) = caudal_verify(&f, &public);
    assert!(!valid && text.contains("Extra file"), "{text}");

    // An edited bag-info.txt.
    let f = tampered(
        &zip,
        &dir.path().join("info"),
        &name,
        |e| {
            let c = e.iter_mut().find(|(n, _)| n.ends_with("bag-info.txt")).unwrap();
            c.1 = String::from_utf8(c.1.clone())
                .unwrap()
                .replace("Caudal-Ledger-Head: ", "Caudal-Ledger-Head: 0")
                .into_bytes();
        },
        |s| s,
    );
    assert!(!minisign_ok(&f, &public));
    assert!(!bagit_ok(&f));
    let (valid, text) = caudal_verify(&f, &public);
    assert!(!valid && text.contains("bag-info.txt was changed"), "{text}");

    // Renamed to another month: minisign sees valid bytes (its trusted comment names the real
    // bundle, which a person reads), Caudal refuses the name.
    let period = last_period(&_db);
    let other = name.replace(&period, "2031-01");
    let renamed = dir.path().join("renamed");
    std::fs::create_dir(&renamed).unwrap();
    let f = renamed.join(format!("{other}.zip"));
    std::fs::copy(&zip, &f).unwrap();
    std::fs::copy(format!("{}.minisig", zip.display()), format!("{}.minisig", f.display())).unwrap();
    let trusted = Command::new(tool("minisign"))
        .args(["-V", "-H", "-m"])
        .arg(&f)
        .arg("-p")
        .arg(&public)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&trusted.stdout).contains(&format!("bundle:{name}")));
    let (valid, text) = caudal_verify(&f, &public);
    assert!(!valid && text.contains("it was renamed"), "{text}");
    assert_eq!(text.lines().count(), 2, "one line for one problem: {text}");
}

/// nginx on loopback with WebDAV PUT, run by the test in its own folder.
struct Nginx {
    child: std::process::Child,
    port: u16,
    root: PathBuf,
}

impl Nginx {
    fn start(dir: &Path) -> Nginx {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let root = dir.join("www");
        std::fs::create_dir_all(root.join("municipalidad")).unwrap();
        std::fs::create_dir_all(dir.join("tmp")).unwrap();
        let conf = dir.join("nginx.conf");
        std::fs::write(
            &conf,
            format!(
                "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\n\
                 http {{\n  access_log off;\n  client_body_temp_path {d}/tmp;\n  server {{\n    listen 127.0.0.1:{port};\n\
                 root {r};\n    location /municipalidad/ {{ dav_methods PUT; client_max_body_size 100m; }}\n  }}\n}}\n",
                d = dir.display(),
                r = root.display()
            ),
        )
        .unwrap();
        let child = Command::new(tool("nginx"))
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut nginx = Nginx { child, port, root };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return nginx;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = nginx.child.kill();
        let _ = nginx.child.wait();
        panic!(
            "nginx did not start: {}",
            std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
        );
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn delivers_to_a_real_webdav_server() {
    let dir = tempfile::tempdir().unwrap();
    let (db, zip, public) = bundled(dir.path());
    let nginx = Nginx::start(&dir.path().join("nginx"));
    let url = format!("http://127.0.0.1:{}/municipalidad", nginx.port);
    ok(&caudal(&db, &["outbox", "target", "add", &url]));
    let out = ok(&caudal(&db, &["--lang", "en", "outbox", "deliver"]));
    assert!(out.contains("delivered"), "{out}");
    let name = zip.file_name().unwrap().to_str().unwrap();
    let served = nginx.root.join("municipalidad").join(name);
    assert_eq!(std::fs::read(&served).unwrap(), std::fs::read(&zip).unwrap());
    assert!(
        minisign_ok(&served, &public),
        "the delivered copy verifies with minisign"
    );
    let list: serde_json::Value = serde_json::from_str(&ok(&caudal(&db, &["--json", "outbox", "list"]))).unwrap();
    assert_eq!(list["bundles"][0]["state"], "delivered");
    let again = ok(&caudal(&db, &["--lang", "en", "outbox", "deliver"]));
    assert!(again.contains("Nothing waits"), "{again}");
}

#[test]
fn a_delivery_killed_mid_attempt_is_retried_and_lands_once() {
    let dir = tempfile::tempdir().unwrap();
    let (db, zip, _public) = bundled(dir.path());
    // A server that accepts the connection and never answers, so the attempt is in flight.
    let stall = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = stall.local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/upload");
    ok(&caudal(&db, &["outbox", "target", "add", &url]));
    let mut child = common::caudal_command()
        .arg("--db")
        .arg(&db)
        .args(["outbox", "deliver"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (conn, _) = stall.accept().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    drop(conn);
    drop(stall);
    let list: serde_json::Value = serde_json::from_str(&ok(&caudal(&db, &["--json", "outbox", "list"]))).unwrap();
    assert_ne!(
        list["bundles"][0]["state"], "delivered",
        "killed before any answer: not delivered"
    );
    ok(&caudal(&db, &["ledger", "verify"]));

    // The server comes back (nginx on another port): the target is replaced and delivery lands once.
    let nginx = Nginx::start(&dir.path().join("nginx"));
    ok(&caudal(&db, &["outbox", "target", "remove", "1"]));
    ok(&caudal(
        &db,
        &[
            "outbox",
            "target",
            "add",
            &format!("http://127.0.0.1:{}/municipalidad", nginx.port),
        ],
    ));
    ok(&caudal(&db, &["outbox", "deliver"]));
    let name = zip.file_name().unwrap().to_str().unwrap();
    assert_eq!(
        std::fs::read(nginx.root.join("municipalidad").join(name)).unwrap(),
        std::fs::read(&zip).unwrap()
    );
    let again = ok(&caudal(&db, &["--lang", "en", "outbox", "deliver"]));
    assert!(again.contains("Nothing waits"), "{again}");
}

#[test]
fn a_bundle_whose_copy_cannot_be_written_is_stored_and_queued_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo(dir.path(), 30, 2);
    ok(&caudal(
        &db,
        &["key", "generate", "--out", dir.path().to_str().unwrap()],
    ));
    let missing = dir.path().join("no-existe");
    let out = caudal(
        &db,
        &[
            "bundle",
            "create",
            "--period",
            &last_period(&db),
            "--out",
            missing.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success(), "the copy was not written: a non-zero exit");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("quedó guardado y en la bandeja de salida, pero la copia no se pudo escribir en"),
        "{text}"
    );
    let queued = ok(&caudal(&db, &["outbox", "list"]));
    let name = text.split_whitespace().nth(1).unwrap();
    assert!(queued.contains(name), "{queued}");
}

#[test]
fn replacing_the_key_into_a_missing_folder_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo(dir.path(), 30, 2);
    ok(&caudal(
        &db,
        &["key", "generate", "--out", dir.path().to_str().unwrap()],
    ));
    let before = ok(&caudal(&db, &["key", "show"]));
    let missing = dir.path().join("no-existe");
    let out = caudal(
        &db,
        &["key", "generate", "--replace", "--out", missing.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no existe o no se puede escribir en ella; no se cambió nada"),
        "{err}"
    );
    assert_eq!(
        ok(&caudal(&db, &["key", "show"])),
        before,
        "the old key is still the key"
    );
}
