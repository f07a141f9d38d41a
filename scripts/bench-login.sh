#!/usr/bin/env bash
# Whether the time a failed login takes tells anything: median wall time of
# `epicevents login` (local mode, SQLite, release build) for an unknown
# e-mail, a known e-mail with a wrong password, and a known e-mail whose
# budget of password checks is spent. The three are interleaved, run by run,
# so that the machine's drift touches them alike. RUNS (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/build-env.sh
. scripts/build-env.sh
runs="${RUNS:-60}"

cargo build --quiet --release --bin epicevents
bin="$PWD/target/release/epicevents"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset SENTRY_DSN EPICEVENTS_SERVER
export EPICEVENTS_CONFIG_DIR="$work/config" EPICEVENTS_DATABASE_URL="$work/crm.db"

echo "bench passphrase one" | "$bin" --quiet init --name "Bench Manager" --email bench@epic.test --password-stdin >/dev/null
echo "bench passphrase one" | "$bin" --quiet login --email bench@epic.test --password-stdin >/dev/null
hire() {
    echo "bench passphrase two" | "$bin" --json collaborator create --name "Bench $1" \
        --email "$1@bench.test" --department sales --password-stdin |
        tr -d ' \n' | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2
}
wrong_id=$(hire wrong)
hire spent >/dev/null

# A failed login from a machine with no session of its own.
attempt() {
    EPICEVENTS_CONFIG_DIR="$work/guest" "$bin" --quiet login --email "$1" --password-stdin \
        <<<"not the password" >/dev/null 2>&1 || true
}
# Spends spent@'s budget once and for all.
for _ in 1 2 3 4 5; do attempt spent@bench.test; done

# Microseconds one attempt takes.
timed() {
    local start end
    start=$(date +%s%N)
    attempt "$1"
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
}

unknown=() wrong=() spent=()
for i in $(seq "$runs"); do
    unknown+=("$(timed "nobody$i@bench.test")")
    # Keeps wrong@'s budget unspent, outside the timing.
    "$bin" --quiet collaborator unlock "$wrong_id" >/dev/null
    wrong+=("$(timed wrong@bench.test)")
    spent+=("$(timed spent@bench.test)")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'; }
m_unknown=$(median "${unknown[@]}") m_wrong=$(median "${wrong[@]}") m_spent=$(median "${spent[@]}")
printf '| case (median of %d, ms) | login |\n|---|---|\n' "$runs"
printf '| unknown e-mail | %s |\n| known e-mail, wrong password | %s |\n| known e-mail, budget spent | %s |\n' \
    "$m_unknown" "$m_wrong" "$m_spent"
awk -v a="$m_unknown" -v b="$m_wrong" -v c="$m_spent" 'BEGIN {
    lo = a; hi = a; if (b < lo) lo = b; if (c < lo) lo = c; if (b > hi) hi = b; if (c > hi) hi = c;
    printf "largest gap: %.1f%% of the fastest\n", (hi - lo) / lo * 100 }'
