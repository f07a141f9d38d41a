#!/usr/bin/env bash
# Prints the figures quoted in the issue notes, measured on this machine, as
# one table: each goal of the speed issue, at 10 thousand and at 1 million
# rows (clients, contracts and events each), on SQLite and, when
# BENCH_POSTGRES_URL and BENCH_MYSQL_URL name servers, on PostgreSQL and
# MariaDB (one database per size is created there and dropped after).
#   - command-line timings: hyperfine's median, warm database, local mode;
#   - through the server: a command over loopback TLS, and wrk's first pages
#     per second (64 keep-alive connections, authorized first page of
#     unassigned events);
#   - peak memory (maximum resident set) of a first page and of `--all`;
#   - SQLite's first-page rate over PostgreSQL's, from runs made in turn
#     with both servers up (LOAD_PAIRS pairs, default 5).
# RUNS (default 31), LOAD_SECONDS (default 10), LOAD_RUNS (default 3: a
# shared 2-core machine varies by a third from one run to the next) and SIZES
# (default "10000 1000000") tune the effort; BENCH_ONLY_LOAD=1 measures only
# the server's load lines, on each backend in the same run; BENCH_BACKENDS (default
# "sqlite postgres mysql") chooses the backends, the sections after the
# sizes (--all, exports, imports) running on SQLite only when it is listed.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/build-env.sh
. scripts/build-env.sh
runs="${RUNS:-31}"
load_seconds="${LOAD_SECONDS:-10}"
load_runs="${LOAD_RUNS:-3}"
sizes="${SIZES:-10000 1000000}"
backends=" ${BENCH_BACKENDS:-sqlite postgres mysql} "
only_load="${BENCH_ONLY_LOAD:-}"

for tool in wrk hyperfine openssl; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing: apt-get install $tool" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "error: GNU time is missing: apt-get install time" >&2; exit 1; }

cargo build --quiet --release --bin epicevents --example bench_seed --example bench_sheet
release="${CARGO_TARGET_DIR:-$PWD/target}/release"
bin="$release/epicevents"
seed="$release/examples/bench_seed"
sheet="$release/examples/bench_sheet"
work=$(mktemp -d)
servers=()
pg_databases=()
my_databases=()
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
trap cleanup EXIT
unset SENTRY_DSN EPICEVENTS_SERVER EPICEVENTS_DATABASE_URL
export EPICEVENTS_CONFIG_DIR="$work/config"

# A CA and a certificate for 127.0.0.1, for the TLS line.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=Bench CA" -keyout "$work/ca-key.pem" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$work/key.pem" -out "$work/req.pem" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$work/ext.cnf"
openssl x509 -req -in "$work/req.pem" -CA "$work/ca.pem" -CAkey "$work/ca-key.pem" -CAcreateserial \
    -days 2 -extfile "$work/ext.cnf" -out "$work/cert.pem" 2>/dev/null

# The list commands timed at each size; the search terms match one client
# in forty ("dupont") and one in the whole table (an e-mail).
lists=(
    "client list"
    "client list --search dupont"
    "client list --search client4242@"
    "contract list --unsigned"
    "event list"
    "event list --unassigned"
)

bench_size() {
    local name="$1" url="$2" rows="$3" column
    column="$name $(numfmt --to=si "$rows")"
    echo "== $column" >&2
    rm -rf "$EPICEVENTS_CONFIG_DIR"
    prepare "$url" "$rows"
    [ -n "$only_load" ] || local_lines "$url" "$column"
    server_lines "$url" "$column"
}

# What a command takes in local mode, at one size.
local_lines() {
    local url="$1" column="$2"
    note "whoami (local)" "$column" "$(median_ms "$bin" --db "$url" whoami)"
    for list in "${lists[@]}"; do
        # shellcheck disable=SC2086
        note "$list (first page, local)" "$column" "$(median_ms "$bin" --db "$url" $list)"
    done
    # What a sales rep does all day: a new client (each run another
    # e-mail, from a counter), then its phone changed (each run the other
    # of two numbers). Phones are read through their numbering plan.
    local sales_config="$work/sales-config" client
    rm -rf "$sales_config"
    echo "bench passphrase two" | EPICEVENTS_CONFIG_DIR="$sales_config" "$bin" --db "$url" --quiet \
        login --email sales@bench.test --password-stdin >/dev/null
    echo 0 >"$work/n"
    note "client create (local)" "$column" "$(EPICEVENTS_CONFIG_DIR="$sales_config" median_sh_ms \
        "n=\$(cat $work/n); echo \$((n+1)) >$work/n; $bin --db $url --quiet client create --name 'Bench Client' --email bench\$n@client.test --phone '06 12 34 56 78' --company 'Bench Co'")"
    client=$(EPICEVENTS_CONFIG_DIR="$sales_config" "$bin" --db "$url" --json client create --name "Bench Updated" \
        --email updated@client.test --phone "06 12 34 56 78" --company "Bench Co" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    note "client update --phone (local)" "$column" "$(EPICEVENTS_CONFIG_DIR="$sales_config" median_sh_ms \
        "n=\$(cat $work/n); echo \$((n+1)) >$work/n; $bin --db $url --quiet client update $client --phone 06123456\$((70 + n % 2))")"
    note "peak memory, client create" "$column" "$(EPICEVENTS_CONFIG_DIR="$sales_config" peak_mb "$bin" --db "$url" \
        client create --name "Bench Peak" --email peak@client.test --phone "06 12 34 56 78" --company "Bench Co")"
    note "peak memory, event list first page" "$column" "$(peak_mb "$bin" --db "$url" event list)"
    # Flat memory: the same at every size, as `--all` reads a block at a time.
    note "peak memory, event list --all" "$column" "$(peak_mb "$bin" --db "$url" event list --all)"
}

# Through the server, at one size: the load, with roles on where the
# database has them, and single commands over TLS.
server_lines() {
    local url="$1" column="$2"
    start_server "$url"
    login_to_server
    note "server load, unassigned events' first page" "$column" "$(load)"
    # The web page against the API for the same 25 rows (the page also
    # reads who is asking and their unread count).
    note "API: 25 unassigned events" "$column" "$(load "/api/v1/events?unassigned=true&limit=25")"
    note "web page: 25 unassigned events" "$column" "$(load "/events?unassigned=true" cookie)"
    # Management's home: its lists, what each rep is owed (a sum over the
    # unpaid contracts) and twelve months' event counts.
    note "web page: management's home" "$column" "$(load "/" cookie)"
    stop_servers
    if [ -n "$server_database_url" ]; then
        # The same, with the server connected as its login role: each
        # request sets its department role and actor (the database's wall).
        start_server "$server_database_url"
        login_to_server
        note "server load, roles on (login role, SET ROLE per request)" "$column" "$(load)"
        stop_servers
    fi
    [ -z "$only_load" ] || return 0

    start_server "$url" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem"
    login_to_server --ca-cert "$work/ca.pem"
    note "whoami (through the server, TLS)" "$column" "$(median_ms "$bin" whoami)"
    note "event list --unassigned (server, TLS)" "$column" "$(median_ms "$bin" event list --unassigned)"
    stop_servers
}

columns=()
echo "== start-up" >&2
note "/bin/true" "any" "$(median_ms /bin/true)"
note "epicevents --version" "any" "$(median_ms "$bin" --version)"
columns+=("any")

on() { [[ "$backends" == *" $1 "* ]]; }
# A database loaded outside the product (a bulk load by script, a
# restore): its statistics were gathered when it was empty. The first
# command refreshes them; its time is the line's first figure.
stale_first_page() {
    local url="$1" rows="$2" first
    rm -rf "$EPICEVENTS_CONFIG_DIR"
    prepare "$url" "$rows" stale
    first=$( { /usr/bin/time -f '%e' "$bin" --db "$url" event list --unassigned >/dev/null; } 2>&1 | tail -n 1)
    printf '%.0f ms first, then %s' "$(echo "$first * 1000" | bc)" "$(median_ms "$bin" --db "$url" event list --unassigned)"
}

if on sqlite; then
    for rows in $sizes; do
        url="sqlite://$work/crm-$rows.sqlite3"
        bench_size SQLite "$url" "$rows"
        column="SQLite $(numfmt --to=si "$rows")"
        [ -n "$only_load" ] || note "event list --unassigned, stale statistics (first page, local)" "$column" \
            "$(stale_first_page "sqlite://$work/crm-stale-$rows.sqlite3" "$rows")"
        columns+=("$column")
    done
fi
if on postgres && [ -n "${BENCH_POSTGRES_URL:-}" ]; then
    for rows in $sizes; do
        db="epicevents_bench_$rows"
        drop_pg "$db" 2>/dev/null
        psql -q -d "$BENCH_POSTGRES_URL" -c "CREATE DATABASE $db"
        pg_databases+=("$db")
        bench_size PostgreSQL "${BENCH_POSTGRES_URL%/*}/$db" "$rows"
        columns+=("PostgreSQL $(numfmt --to=si "$rows")")
    done
fi

# The unassigned events' first page again, SQLite and PostgreSQL in turn,
# both servers up. The lines above run one database after the other, and
# the shared machine drifts between them (one run put PostgreSQL's roles-on
# line above its plain one); two runs made side by side drift together.
# Each pair's ratio, then their median and range.
paired() {
    local rows="$1" ratios=() sqlite pg
    local sqlite_config="$work/pair-sqlite" pg_config="$work/pair-pg"
    rm -rf "$sqlite_config" "$pg_config"
    start_server "sqlite://$work/crm-$rows.sqlite3"
    local sqlite_url="$server_url"
    EPICEVENTS_CONFIG_DIR="$sqlite_config" login_to_server
    start_server "${BENCH_POSTGRES_URL%/*}/epicevents_bench_$rows"
    local pg_url="$server_url"
    EPICEVENTS_CONFIG_DIR="$pg_config" login_to_server
    for _ in $(seq "${LOAD_PAIRS:-5}"); do
        sqlite=$(server_url="$sqlite_url" EPICEVENTS_CONFIG_DIR="$sqlite_config" load_runs=1 load)
        pg=$(server_url="$pg_url" EPICEVENTS_CONFIG_DIR="$pg_config" load_runs=1 load)
        ratios+=("$(awk -v s="${sqlite%% *}" -v p="${pg%% *}" 'BEGIN {printf "%.2f", s / p}')")
        echo "  pair: SQLite ${sqlite%% *}, PostgreSQL ${pg%% *} req/s" >&2
    done
    stop_servers
    note "SQLite over PostgreSQL, first page, pairs of runs" "ratio $(numfmt --to=si "$rows")" \
        "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f× (%.2f–%.2f)", a[int((NR+1)/2)], a[1], a[NR]}')"
}
if on sqlite && on postgres && [ -n "${BENCH_POSTGRES_URL:-}" ]; then
    for rows in $sizes; do paired "$rows"; columns+=("ratio $(numfmt --to=si "$rows")"); done
fi

if on mysql && [ -n "${BENCH_MYSQL_URL:-}" ]; then
    for rows in $sizes; do
        db="epicevents_bench_$rows"
        drop_my "$db"
        on_mysql "CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
        my_databases+=("$db")
        bench_size MariaDB "${BENCH_MYSQL_URL%/}/$db" "$rows"
        columns+=("MariaDB $(numfmt --to=si "$rows")")
    done
fi

# `--all` streams: its time and memory at 100,000 events, on SQLite, in
# local mode and through the server.
bench_all() {
    echo "== --all" >&2
    rm -rf "$EPICEVENTS_CONFIG_DIR"
    url="sqlite://$work/crm-all.sqlite3"
    prepare "$url" 100000
    note "event list --all, 100k rows: time" "SQLite 100k" "$(runs=5 median_ms "$bin" --db "$url" event list --all)"
    note "event list --all, 100k rows: peak memory" "SQLite 100k" "$(peak_mb "$bin" --db "$url" event list --all)"
    # Exports of the same 100,000 events (the spreadsheet issue's goal: xlsx
    # under 5 s and 100 MB).
    for format in csv xlsx; do
        note "event list --format $format --output, 100k rows: time" "SQLite 100k" \
            "$(runs=5 median_ms "$bin" --db "$url" event list --format "$format" --output "$work/events.$format" --force)"
        note "event list --format $format --output, 100k rows: peak memory" "SQLite 100k" \
            "$(peak_mb "$bin" --db "$url" event list --format "$format" --output "$work/events.$format" --force)"
    done
    start_server "$url"
    login_to_server
    note "event list --all, 100k rows, through the server: time" "SQLite 100k" "$(runs=5 median_ms "$bin" event list --all)"
    stop_servers
    columns+=("SQLite 100k")
}
if on sqlite && [ -z "$only_load" ]; then bench_all; fi

if [ -z "$only_load" ]; then
# Importing the support team's sheet: 20,000 events in their block layout
# (the spreadsheet issue's goal: under 5 s in local SQLite mode, in one
# transaction). The first import creates every event (and a client and a
# contract for every tenth); the second finds each one unchanged.
echo "== import" >&2
"$sheet" "$work/sheet.xlsx" 20000
# import_once "OPTIONS" COMMAND...: one run's time and peak memory.
import_once() {
    local options="$1"; shift
    # shellcheck disable=SC2086 # the options are words
    /usr/bin/time -f '%e %M' -o "$work/import.time" "$@" --quiet event import "$work/sheet.xlsx" $options >/dev/null
    # The last line: GNU time puts a failed command's status above it.
    tail -n 1 "$work/import.time" | awk '{printf "%.2f s, %.0f MB", $1, $2/1024}'
}
import_column() {
    local column="$1"; shift
    note "event import, 20k events, creating all: time, peak memory" "$column" \
        "$(import_once "--create-missing --sales-contact 2" "$@")"
    note "event import, 20k events, all unchanged: time, peak memory" "$column" "$(import_once "" "$@")"
    columns+=("$column")
}
# An import through the server connected as the login role `init` made
# on the empty database URL, in the import role.
import_through_login_role() {
    local column="$1" url="$2"
    rm -rf "$EPICEVENTS_CONFIG_DIR"
    prepare "$url" 0
    start_server "$server_database_url"
    login_to_server
    import_column "$column" "$bin"
    stop_servers
}
if on sqlite; then
    rm -rf "$EPICEVENTS_CONFIG_DIR"
    url="sqlite://$work/crm-import.sqlite3"
    prepare "$url" 0
    import_column "SQLite 20k import" "$bin" --db "$url"
    rm -rf "$EPICEVENTS_CONFIG_DIR"
    url="sqlite://$work/crm-import-server.sqlite3"
    prepare "$url" 0
    start_server "$url"
    login_to_server
    import_column "SQLite 20k import, server" "$bin"
    stop_servers
fi
if on postgres && [ -n "${BENCH_POSTGRES_URL:-}" ]; then
    db="epicevents_bench_import"
    drop_pg "$db" 2>/dev/null
    psql -q -d "$BENCH_POSTGRES_URL" -c "CREATE DATABASE $db"
    pg_databases+=("$db")
    # The import role's row-level security checks every row.
    import_through_login_role "PostgreSQL 20k import, server" "${BENCH_POSTGRES_URL%/*}/$db"
fi
if on mysql && [ -n "${BENCH_MYSQL_URL:-}" ]; then
    db="epicevents_bench_import"
    drop_my "$db"
    on_mysql "CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
    my_databases+=("$db")
    import_through_login_role "MariaDB 20k import, server" "${BENCH_MYSQL_URL%/}/$db"
fi
fi

# The table.
{
    printf '| goal |'
    for c in "${columns[@]}"; do printf ' %s |' "$c"; done
    printf '\n|---|'
    for _ in "${columns[@]}"; do printf -- '---|'; done
    printf '\n'
    for g in "${goals[@]}"; do
        printf '| %s |' "$g"
        for c in "${columns[@]}"; do printf ' %s |' "${result["$g|$c"]-}"; done
        printf '\n'
    done
}
