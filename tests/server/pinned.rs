//! A certificate made the usual way for a small company's server
//! (`openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -addext
//! subjectAltName=IP:127.0.0.1,DNS:localhost`: self-signed, and marked as
//! an authority), given to the CLI as `--ca-cert`, is trusted as it is,
//! with the host still checked; and each refusal says what is wrong.

use super::common::TestDb;
use super::common::machine::Machine;
use super::common::server::ServerProcess;

/// A self-signed certificate marked as an authority, as openssl makes it,
/// for `names`, valid until `not_after`: (cert, key) paths in `dir`.
fn self_signed(
    dir: &std::path::Path,
    stem: &str,
    names: &[&str],
    not_after: (i32, u8, u8),
) -> (String, String) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let mut params =
        CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2);
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    let (cert_path, key_path) = (
        dir.join(format!("{stem}.pem")),
        dir.join(format!("{stem}-key.pem")),
    );
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, key.serialize_pem()).unwrap();
    (
        cert_path.to_str().unwrap().to_owned(),
        key_path.to_str().unwrap().to_owned(),
    )
}

fn login(db: &TestDb, server: &ServerProcess, ca: &str, code: i32) -> String {
    Machine::away(db)
        .login_to(&server.url, &["--ca-cert", ca], code)
        .stderr
}

#[test]
fn a_self_signed_server_certificate_given_as_ca_cert_is_trusted_for_its_host_only() {
    let db = TestDb::sqlite();
    Machine::new(&db).init();
    let dir = tempfile::tempdir().unwrap();

    let (cert, key) = self_signed(
        dir.path(),
        "usual",
        &["127.0.0.1", "localhost"],
        (2099, 1, 1),
    );
    let server = ServerProcess::start(&db, &["--tls-cert", &cert, "--tls-key", &key]);
    login(&db, &server, &cert, 0);
    drop(server);

    let (cert, key) = self_signed(dir.path(), "elsewhere", &["crm.other.test"], (2099, 1, 1));
    let server = ServerProcess::start(&db, &["--tls-cert", &cert, "--tls-key", &key]);
    let said = login(&db, &server, &cert, 8);
    assert!(said.contains("not valid for this host name"), "{said}");
    drop(server);

    let (cert, key) = self_signed(dir.path(), "old", &["127.0.0.1"], (2021, 1, 1));
    let server = ServerProcess::start(&db, &["--tls-cert", &cert, "--tls-key", &key]);
    let said = login(&db, &server, &cert, 8);
    assert!(said.contains("expired"), "{said}");
    drop(server);

    // Another self-signed certificate than the server's: not trusted.
    let (cert, key) = self_signed(dir.path(), "served", &["127.0.0.1"], (2099, 1, 1));
    let (other, _) = self_signed(dir.path(), "other", &["127.0.0.1"], (2099, 1, 1));
    let server = ServerProcess::start(&db, &["--tls-cert", &cert, "--tls-key", &key]);
    let said = login(&db, &server, &other, 8);
    assert!(said.contains("not trusted"), "{said}");
    // And without --ca-cert at all, said in words too.
    let said = Machine::away(&db).login_to(&server.url, &[], 8).stderr;
    assert!(
        said.contains("not trusted (self-signed): give the server's certificate with --ca-cert"),
        "{said}"
    );
}
