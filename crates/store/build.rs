//! MariaDB's client library, when linked statically (scripts/build-env.sh),
//! compresses with zlib, which it then needs linked too.
fn main() {
    println!("cargo::rerun-if-env-changed=MYSQLCLIENT_STATIC");
    if std::env::var_os("MYSQLCLIENT_STATIC").is_some() {
        println!("cargo::rustc-link-lib=z");
    }
}
