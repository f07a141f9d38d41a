#!/usr/bin/env bash
# Prints the figures quoted in the issue notes, measured on this machine.
#   - command-line timings (median wall time, warm database) on SQLite;
#   - the server under load: wrk, 64 connections with keep-alive, on the
#     authorized first page of unassigned events among 10,000 events;
#   - `event list --unassigned` through the server (TLS) against local mode.
# Set BENCH_POSTGRES_URL to an empty PostgreSQL database for its lines too.
# RUNS (default 31), LOAD_SECONDS (default 10) and LOAD_RUNS (default 3: a
# shared 2-core machine varies by a third from one run to the next) tune the
# effort.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-31}"
load_seconds="${LOAD_SECONDS:-10}"
load_runs="${LOAD_RUNS:-3}"

command -v wrk >/dev/null || { echo "error: wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v openssl >/dev/null || { echo "error: openssl is missing: apt-get install openssl" >&2; exit 1; }

cargo build --quiet --release --bin epicevents --example bench_seed
bin="$PWD/target/release/epicevents"
seed="$PWD/target/release/examples/bench_seed"
work=$(mktemp -d)
servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
unset SENTRY_DSN EPICEVENTS_SERVER EPICEVENTS_DATABASE_URL
export EPICEVENTS_CONFIG_DIR="$work/config"

# Times one command `runs` times (after one warm-up run) and prints the median in ms.
median_ms() {
    "$@" >/dev/null
    local samples=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        samples+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.2f ms (median of %d; min %.2f, max %.2f)\n", m/1000, NR, a[1]/1000, a[NR]/1000}'
}

# A database with the bench accounts and 10,000 events (1,000 clients, one
# contract per event, one event in five unassigned).
prepare() {
    local url="$1"
    echo "bench passphrase one" | "$bin" --db "$url" --quiet init --name "Bench Manager" --email bench@epic.test --password-stdin >/dev/null
    echo "bench passphrase one" | "$bin" --db "$url" --quiet login --email bench@epic.test --password-stdin >/dev/null
    echo "bench passphrase two" | "$bin" --db "$url" --quiet collaborator create --name "Bench Sales" --email sales@bench.test --department sales --password-stdin >/dev/null
    echo "bench passphrase two" | "$bin" --db "$url" --quiet collaborator create --name "Bench Support" --email support@bench.test --department support --password-stdin >/dev/null
    "$seed" "$url" 10000 >/dev/null
}

# Starts `serve` on the database; sets $server_url and remembers the process.
start_server() {
    local url="$1"; shift
    "$bin" --db "$url" --quiet serve --listen 127.0.0.1:0 "$@" >"$work/serve.out" 2>"$work/serve.err" &
    servers+=($!)
    for _ in $(seq 100); do
        [ -s "$work/serve.out" ] && break
        sleep 0.1
    done
    server_url=$(sed -n 's/^listening on //p' "$work/serve.out")
    [ -n "$server_url" ] || { cat "$work/serve.err" >&2; exit 1; }
    : >"$work/serve.out"
}

# wrk's requests/s, p50, p99 and errors for the unassigned events' first
# page, once per load run.
load() {
    local label="$1" token
    token=$(cat "$EPICEVENTS_CONFIG_DIR/session")
    for run in $(seq "$load_runs"); do
        wrk -t2 -c64 -d"${load_seconds}s" --latency -H "Authorization: Bearer $token" \
            "$server_url/api/v1/events?unassigned=true" >"$work/wrk.txt"
        awk -v label="$label (run $run)" '
            /Requests\/sec/ {rps=$2}
            /^ +50%/ {p50=$2}
            /^ +99%/ {p99=$2}
            /Non-2xx/ {errors+=$NF}
            /Socket errors/ {errors+=1}
            END {printf "%-42s %10s req/s   p50 %8s   p99 %8s   errors %d\n", label, rps, p50, p99, errors+0}
        ' "$work/wrk.txt"
    done
}

# A CA and a certificate for 127.0.0.1, for the TLS line.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=Bench CA" -keyout "$work/ca-key.pem" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$work/key.pem" -out "$work/req.pem" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$work/ext.cnf"
openssl x509 -req -in "$work/req.pem" -CA "$work/ca.pem" -CAkey "$work/ca-key.pem" -CAcreateserial \
    -days 2 -extfile "$work/ext.cnf" -out "$work/cert.pem" 2>/dev/null

bench_backend() {
    local name="$1" url="$2"
    prepare "$url"
    printf '%-56s' "whoami, $name, local:"; median_ms "$bin" --db "$url" whoami
    printf '%-56s' "event list --unassigned, $name, local:"; median_ms "$bin" --db "$url" event list --unassigned

    start_server "$url"
    echo "bench passphrase one" | "$bin" --quiet login --server "$server_url" --email bench@epic.test --password-stdin >/dev/null
    load "GET unassigned events, $name"

    start_server "$url" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem"
    echo "bench passphrase one" | "$bin" --quiet login --server "$server_url" --ca-cert "$work/ca.pem" --email bench@epic.test --password-stdin >/dev/null
    printf '%-56s' "event list --unassigned, $name, through the server (TLS):"; median_ms "$bin" event list --unassigned
    printf '%-56s' "whoami, $name, through the server (TLS):"; median_ms "$bin" whoami
}

bench_backend SQLite "sqlite://$work/crm.sqlite3"
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
    bench_backend PostgreSQL "$BENCH_POSTGRES_URL"
fi
