#!/usr/bin/env bash
# Prints the figures quoted in the issue notes, measured on this machine.
#   whoami: median wall time of `epicevents whoami` on a warm SQLite database.
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
