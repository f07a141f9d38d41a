#!/usr/bin/env bash
# Fuzzes the HTTP API against its own OpenAPI document with schemathesis
# (installed from PyPI into target/fuzz-venv on first use): no answer may be a
# server error, and every answer must match the document (status, content
# type, headers, schema). The server runs on a fresh demo database; the
# whole document is run once as each department (management, sales,
# support), so that refusals are checked against it too.
#   scripts/fuzz-api.sh                 # default effort
#   EXAMPLES=500 scripts/fuzz-api.sh    # more cases per operation
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/build-env.sh
. scripts/build-env.sh
examples="${EXAMPLES:-100}"

venv="$PWD/target/fuzz-venv"
if [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'schemathesis>=4,<5'
fi

cargo build --quiet --bin epicevents
bin="$PWD/target/debug/epicevents"
work=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
unset SENTRY_DSN EPICEVENTS_SERVER EPICEVENTS_DATABASE_URL
export EPICEVENTS_CONFIG_DIR="$work/config"
db="sqlite://$work/crm.sqlite3"

"$bin" --db "$db" --json init --demo >"$work/demo.json"
# Logins with generated e-mails fail; they must not throttle the run itself.
"$bin" --db "$db" serve --listen 127.0.0.1:0 --login-failures-per-address 1000000 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/serve.out")

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance
run() {
    # From the scratch directory: schemathesis keeps its cache where it runs.
    (cd "$work" && "$venv/bin/schemathesis" run "$url/api/v1/openapi.json" \
        --header "Authorization: Bearer $token" --checks "$checks" \
        --max-examples "$examples" --seed 20261130 --no-color "$@")
}
# Management last: its run resets, deactivates and deletes accounts at
# random, which would leave the others unable to log in.
for department in support sales management; do
    echo "== as $department" >&2
    read -r email password < <(python3 -c 'import json,sys; a = next(a for a in json.load(open(sys.argv[1]))["created_accounts"] if a["department"] == sys.argv[2]); print(a["email"], a["password"])' "$work/demo.json" "$department")
    export EPICEVENTS_CONFIG_DIR="$work/config-$department"
    echo "$password" | "$bin" --quiet login --server "$url" --email "$email" --password-stdin
    token=$(cat "$EPICEVENTS_CONFIG_DIR/session")
    # Logging out and changing one's password end the session the other
    # operations use: they run last, on their own.
    run --exclude-operation-id logout --exclude-operation-id set_password
    run --include-operation-id logout --include-operation-id set_password
done
if grep -q "internal error" "$work/serve.err"; then
    echo "error: the server logged internal errors:" >&2
    grep "internal error" "$work/serve.err" >&2
    exit 1
fi
