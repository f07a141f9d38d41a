#!/usr/bin/env bash
# Whether the server stays responsive while SQLite's write lock is held:
# another process holds the lock for HOLD seconds (default 8) while WAITING
# requests (default 64 reads and 64 writes) wait on the database; meanwhile
# `/healthz` is asked PROBES times (default 20), and its median and slowest
# answer are printed, with how the waiting requests ended.
#   BIN: the binary to measure (default: a release build of this checkout),
#   so that another revision's binary can be measured the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/build-env.sh
. scripts/build-env.sh
hold="${HOLD:-8}"
waiting="${WAITING:-64}"
probes="${PROBES:-20}"
command -v curl >/dev/null || { echo "error: curl is missing: apt-get install curl" >&2; exit 1; }

if [ -z "${BIN:-}" ]; then
    cargo build --quiet --release --bin epicevents
    BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/epicevents"
fi
work=$(mktemp -d)
bin="$BIN"
servers=()
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
cleanup() {
    stop_servers
    rm -rf "$work"
}
trap cleanup EXIT
unset SENTRY_DSN EPICEVENTS_SERVER EPICEVENTS_DATABASE_URL
export EPICEVENTS_CONFIG_DIR="$work/config"
db="$work/crm.db"
url="sqlite://$db"

echo "bench passphrase one" | "$BIN" --db "$url" --quiet init --name "Bench Manager" \
    --email bench@epic.test --password-stdin >/dev/null
echo "bench passphrase one" | "$BIN" --db "$url" --quiet login --email bench@epic.test --password-stdin >/dev/null
echo "bench passphrase two" | "$BIN" --db "$url" --quiet collaborator create --name "Bench Sales" \
    --email sales@bench.test --department sales --password-stdin >/dev/null
"$BIN" --db "$url" --quiet logout >/dev/null
echo "bench passphrase two" | "$BIN" --db "$url" --quiet login --email sales@bench.test --password-stdin >/dev/null
"$BIN" --db "$url" --quiet client create --name "Held Lock" --email held@client.test \
    --phone "06 12 34 56 78" --company "Bench Co" >/dev/null

start_server "$url"
base="$server_url"
echo "bench passphrase two" | "$BIN" --quiet login --server "$base" --email sales@bench.test --password-stdin >/dev/null
token=$(cat "$EPICEVENTS_CONFIG_DIR/session")

# Another process takes the write lock and keeps it.
python3 - "$db" "$hold" >"$work/holder.out" <<'EOF' &
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
EOF
holder=$!
for _ in $(seq 100); do
    [ -s "$work/holder.out" ] && break
    sleep 0.05
done

waiters=()
for i in $(seq "$waiting"); do
    curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $token" \
        -X PATCH -H 'content-type: application/json' \
        -d "{\"company\": \"Bench Co $i\"}" "$base/api/v1/clients/1" >>"$work/writes" &
    waiters+=($!)
    curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $token" \
        "$base/api/v1/events" >>"$work/reads" &
    waiters+=($!)
done
sleep 1
for _ in $(seq "$probes"); do
    curl -s -o /dev/null -w '%{time_total}\n' --max-time 30 "$base/healthz" >>"$work/probes"
    sleep 0.1
done
wait "$holder" "${waiters[@]}"
sort -n "$work/probes" | awk -v n="$probes" '
    { t[NR] = $1 * 1000 }
    END { printf "healthz while %s: median %.2f ms, slowest %.2f ms\n", "the lock is held", t[int((n + 1) / 2)], t[n] }'
for kind in reads writes; do
    printf '%s waiting: %s\n' "$kind" "$(sort "$work/$kind" | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
done
