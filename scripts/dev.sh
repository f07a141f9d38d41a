#!/usr/bin/env bash
# One entry point for a fresh machine: installs what the build needs, then
#   scripts/dev.sh run [-- ARGS]   builds and runs epicevents (SQLite by default)
#   scripts/dev.sh test            runs the whole test suite
#   scripts/dev.sh bench           prints the timings quoted in the notes (installs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/build-env.sh
. scripts/build-env.sh

ensure_system_packages() {
    # libpq is built from source and linked in (SQLite too); its TLS needs
    # OpenSSL's headers and libraries, found through pkg-config.
    if ! pkg-config --exists openssl 2>/dev/null; then
        if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
            echo "installing libssl-dev and pkg-config…" >&2
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libssl-dev pkg-config >/dev/null
        else
            echo "error: OpenSSL's development files are missing: install libssl-dev (Debian/Ubuntu) or openssl (Homebrew)" >&2
            exit 1
        fi
    fi
    # MySQL and MariaDB databases are reached through MariaDB's client
    # library (linked in when its archive is there, see build-env.sh).
    if ! pkg-config --exists libmariadb 2>/dev/null; then
        if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
            echo "installing libmariadb-dev…" >&2
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmariadb-dev >/dev/null
        else
            echo "error: MariaDB's client library is missing: install libmariadb-dev (Debian/Ubuntu) or mariadb-connector-c (Homebrew)" >&2
            exit 1
        fi
    fi
    command -v cargo >/dev/null || { echo "error: cargo is missing: install Rust from rustup.rs" >&2; exit 1; }
    # Again, now that OpenSSL's and MariaDB's files are there on a fresh machine.
    link_openssl_statically
    link_mariadb_statically
}


cmd="${1:-}"
shift || true
case "$cmd" in
    run)
        ensure_system_packages
        [ "${1:-}" = "--" ] && shift
        # cargo builds quietly: say so when it has something to build.
        built="${CARGO_TARGET_DIR:-target}/release/epicevents"
        if [ ! -x "$built" ]; then
            echo "building epicevents (release): the first build takes several minutes…" >&2
        elif [ -n "$(find crates src Cargo.toml Cargo.lock -newer "$built" -print -quit 2>/dev/null)" ]; then
            echo "building epicevents (release) with your changes…" >&2
        fi
        exec cargo run --quiet --release --bin epicevents -- "$@"
        ;;
    test)
        ensure_system_packages
        exec cargo test --workspace --all-targets "$@"
        ;;
    setup)
        # What the build needs, alone: CI lints before it tests.
        ensure_system_packages
        ;;
    bench)
        ensure_system_packages
        # The load generator, the timer, the certificates of the TLS line
        # and the memory probe (GNU time).
        for tool in wrk hyperfine openssl time; do
            if ! type -P "$tool" >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
                echo "installing $tool…" >&2
                apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
            fi
        done
        exec scripts/bench.sh "$@"
        ;;
    *)
        echo "usage: scripts/dev.sh run [-- ARGS] | test | bench | setup" >&2
        exit 2
        ;;
esac
