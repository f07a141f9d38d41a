#!/usr/bin/env bash
# One entry point for a fresh machine: installs what the build needs, then
#   scripts/dev.sh run [-- ARGS]   builds and runs epicevents (SQLite by default)
#   scripts/dev.sh test            runs the whole test suite
#   scripts/dev.sh bench           prints the timings quoted in the notes (installs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."

ensure_system_packages() {
    # libpq (PostgreSQL client) is linked in; SQLite is bundled and needs nothing.
    if ! pkg-config --exists libpq 2>/dev/null && [ ! -e /usr/include/postgresql/libpq-fe.h ]; then
        if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
            echo "installing libpq-dev and pkg-config…" >&2
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpq-dev pkg-config >/dev/null
        else
            echo "error: the PostgreSQL client library is missing: install libpq-dev (Debian/Ubuntu) or libpq (Homebrew)" >&2
            exit 1
        fi
    fi
    command -v cargo >/dev/null || { echo "error: cargo is missing: install Rust from rustup.rs" >&2; exit 1; }
}

cmd="${1:-}"
shift || true
case "$cmd" in
    run)
        ensure_system_packages
        [ "${1:-}" = "--" ] && shift
        exec cargo run --quiet --release --bin epicevents -- "$@"
        ;;
    test)
        ensure_system_packages
        exec cargo test --workspace --all-targets "$@"
        ;;
    bench)
        ensure_system_packages
        # The load generator and the certificates of the TLS line.
        for tool in wrk openssl; do
            if ! command -v "$tool" >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
                echo "installing $tool…" >&2
                apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
            fi
        done
        exec scripts/bench.sh "$@"
        ;;
    *)
        echo "usage: scripts/dev.sh run [-- ARGS] | test | bench" >&2
        exit 2
        ;;
esac
