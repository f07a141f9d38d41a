#!/usr/bin/env bash
# What 32 concurrent writers get: half sales creating clients, half managers
# setting one contract's due amount, each running the CLI ROUNDS times (100)
# in local mode on PostgreSQL (BENCH_POSTGRES_URL, a server where this
# script may create and drop a database; default: this machine's). Prints
# how many commands ended with each exit code: 0 done, 7 busy (nothing was
# changed), anything else a failure to look into.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/build-env.sh
. scripts/build-env.sh
rounds="${ROUNDS:-100}"
writers="${WRITERS:-32}"
server="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
name="epicevents_contention_$$"

cargo build --quiet --release --bin epicevents
bin="$PWD/target/release/epicevents"
work=$(mktemp -d)
url="${server%/*}/$name"
psql "$server" -qc "CREATE DATABASE $name" >/dev/null
trap 'rm -rf "$work"; psql "$server" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null' EXIT
unset SENTRY_DSN EPICEVENTS_SERVER
export EPICEVENTS_DATABASE_URL="$url"

as() { EPICEVENTS_CONFIG_DIR="$work/$1" "${@:2}"; }
echo "bench passphrase one" | as boss "$bin" --quiet init --name "Bench Manager" --email boss@bench.test --password-stdin >/dev/null
echo "bench passphrase one" | as boss "$bin" --quiet login --email boss@bench.test --password-stdin >/dev/null
for w in $(seq "$writers"); do
    department=$([ $((w % 2)) -eq 0 ] && echo sales || echo management)
    echo "bench passphrase $w" | as boss "$bin" --quiet collaborator create --name "Writer $w" \
        --email "w$w@bench.test" --department "$department" --password-stdin >/dev/null
    echo "bench passphrase $w" | as "w$w" "$bin" --quiet login --email "w$w@bench.test" --password-stdin >/dev/null
done
as w2 "$bin" --quiet client create --name "First Client" --email first@client.test \
    --phone "+33 1 23 45 67 89" --company "First SA" >/dev/null
as boss "$bin" --quiet contract create --client 1 --total 100000 >/dev/null

start=$(date +%s)
for w in $(seq "$writers"); do
    (
        for r in $(seq "$rounds"); do
            if [ $((w % 2)) -eq 0 ]; then
                as "w$w" "$bin" --quiet client create --name "Client $w $r" --email "c$w.$r@client.test" \
                    --phone "+33 1 23 45 67 89" --company "Parallel SA" >/dev/null 2>>"$work/errors" && code=0 || code=$?
            else
                as "w$w" "$bin" --quiet contract update 1 --due "$w$r" >/dev/null 2>>"$work/errors" && code=0 || code=$?
            fi
            echo "$code"
        done
    ) >"$work/codes.$w" &
done
wait
seconds=$(( $(date +%s) - start ))
total=$((writers * rounds))
echo "| exit code | commands (of $total, $writers writers, ${seconds} s) |"
echo "|---|---|"
cat "$work"/codes.* | sort -n | uniq -c | awk '{printf "| %s | %s |\n", $2, $1}'
created=$(as boss "$bin" --json client list --all | grep -c '"Parallel SA"' || true)
echo "clients created: $created (commands that said so: $(for w in $(seq 2 2 "$writers"); do grep -c '^0$' "$work/codes.$w" || true; done | paste -sd+ | bc))"
if grep -qv '^[07]$' "$work"/codes.*; then
    echo "unexpected errors:"; sort "$work/errors" | uniq -c | sort -rn | head -5
fi
