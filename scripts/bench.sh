#!/usr/bin/env bash
# Prints the figures quoted in the issue notes, measured on this machine.
#   whoami and list timings (median wall time, warm database), SQLite and,
#   with BENCH_POSTGRES_URL set to an empty database, PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-31}"

cargo build --quiet --release --bin epicevents
bin="$PWD/target/release/epicevents"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export EPICEVENTS_DATABASE_URL="$work/crm.sqlite3" EPICEVENTS_CONFIG_DIR="$work/config"
unset SENTRY_DSN

echo "bench passphrase one" | "$bin" --quiet init --name "Bench Manager" --email bench@epic.test --password-stdin >/dev/null
echo "bench passphrase one" | "$bin" --quiet login --email bench@epic.test --password-stdin >/dev/null

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

printf 'whoami, warm SQLite: '
median_ms "$bin" whoami
printf 'collaborator list, warm SQLite: '
median_ms "$bin" collaborator list

# The same database with 10,000 events (1,000 clients, one contract per
# event, one event in five unassigned), then the lists people use most.
echo "bench passphrase two" | "$bin" --quiet collaborator create --name "Bench Sales" --email sales@bench.test --department sales --password-stdin >/dev/null
echo "bench passphrase two" | "$bin" --quiet collaborator create --name "Bench Support" --email support@bench.test --department support --password-stdin >/dev/null
cargo run --quiet --release --example bench_seed -- "$EPICEVENTS_DATABASE_URL" 10000
printf 'event list --unassigned, 10,000 events, SQLite: '
median_ms "$bin" event list --unassigned
printf 'event list --unassigned --upcoming, 10,000 events, SQLite: '
median_ms "$bin" event list --unassigned --upcoming
printf 'client list --search "client 09", 1,000 clients, SQLite: '
median_ms "$bin" client list --search "client 09"

# PostgreSQL, when BENCH_POSTGRES_URL names an empty database.
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
    export EPICEVENTS_DATABASE_URL="$BENCH_POSTGRES_URL"
    echo "bench passphrase one" | "$bin" --quiet init --name "Bench Manager" --email bench@epic.test --password-stdin >/dev/null
    echo "bench passphrase one" | "$bin" --quiet login --email bench@epic.test --password-stdin >/dev/null
    echo "bench passphrase two" | "$bin" --quiet collaborator create --name "Bench Sales" --email sales@bench.test --department sales --password-stdin >/dev/null
    echo "bench passphrase two" | "$bin" --quiet collaborator create --name "Bench Support" --email support@bench.test --department support --password-stdin >/dev/null
    cargo run --quiet --release --example bench_seed -- "$EPICEVENTS_DATABASE_URL" 10000
    printf 'event list --unassigned, 10,000 events, PostgreSQL: '
    median_ms "$bin" event list --unassigned
fi
