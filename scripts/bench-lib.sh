# The benches' helpers: the bench databases and servers, the results
# table, and the timers (hyperfine, wrk, GNU time). Sourced once $bin,
# $work and `servers` are set, and, for what scripts/bench.sh uses, $seed,
# $runs, $load_seconds and $load_runs.
# shellcheck shell=bash disable=SC2154 # the variables above are the caller's

# A statement on the MariaDB (or MySQL) server BENCH_MYSQL_URL names.
on_mysql() {
    mysql_client "$BENCH_MYSQL_URL" -e "$1"
}
# Drops a bench database and the roles `init` made for it (roles are the
# cluster's, and outlive the database).
drop_pg() {
    psql -q -d "$BENCH_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"
    for part in server sales support management import owner; do
        psql -q -d "$BENCH_POSTGRES_URL" -c "DROP ROLE IF EXISTS ${1}_$part"
    done
}
drop_my() {
    on_mysql "DROP DATABASE IF EXISTS $1"
    on_mysql "DROP USER IF EXISTS '${1}_server'@'%'"
    for part in gate sales support management import; do
        on_mysql "DROP ROLE IF EXISTS ${1}_$part"
    done
}
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    for db in "${pg_databases[@]}"; do drop_pg "$db" 2>/dev/null || true; done
    for db in "${my_databases[@]}"; do drop_my "$db" 2>/dev/null || true; done
    rm -rf "$work"
}

# Results, keyed "goal|column".
declare -A result seen
goals=()
note() {
    local goal="$1" column="$2" value="$3"
    [ -n "${seen["$goal"]-}" ] || { seen["$goal"]=1; goals+=("$goal"); }
    result["$goal|$column"]="$value"
    printf '  %-48s %-18s %s\n' "$goal" "$column" "$value" >&2
}

# hyperfine's median wall time of one command, in ms, to two decimals.
median_ms() {
    hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/h.json" "$*" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.2f ms" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$work/h.json"
}

# The same for a command line run by the shell (which hyperfine measures
# and subtracts), for commands that must differ from run to run.
median_sh_ms() {
    hyperfine --warmup 3 --runs "$runs" --export-json "$work/h.json" "$*" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.2f ms" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$work/h.json"
}

# Peak resident memory of one run, in MB.
peak_mb() {
    /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null
    awk '{printf "%.1f MB", $1/1024}' "$work/rss"
}

# prepare URL ROWS [stale]: the bench's accounts, then ROWS of each record.
prepare() {
    local url="$1" rows="$2" stale="${3:-}"
    # On PostgreSQL, init prints the URL of the server's login role.
    server_database_url=$(echo "bench passphrase one" | "$bin" --db "$url" --quiet init --name "Bench Manager" --email bench@epic.test --password-stdin | sed -n 's/^server database URL: //p')
    echo "bench passphrase one" | "$bin" --db "$url" --quiet login --email bench@epic.test --password-stdin >/dev/null
    echo "bench passphrase two" | "$bin" --db "$url" --quiet collaborator create --name "Bench Sales" --email sales@bench.test --department sales --password-stdin >/dev/null
    echo "bench passphrase two" | "$bin" --db "$url" --quiet collaborator create --name "Bench Support" --email support@bench.test --department support --password-stdin >/dev/null
    # shellcheck disable=SC2086 # no word, or one
    "$seed" "$url" "$rows" $stale >&2
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

# Logs the bench manager in to the server `start_server` started.
login_to_server() {
    echo "bench passphrase one" | "$bin" --quiet login --server "$server_url" "$@" \
        --email bench@epic.test --password-stdin >/dev/null
}

stop_servers() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    servers=()
}

# wrk's requests per second for PATH (the unassigned events' first page
# of the API by default), the session sent as a bearer token or, with
# `cookie`, as the web pages' cookie: the median of the load runs, and the
# lowest.
load() {
    local path="${1:-/api/v1/events?unassigned=true}" how="${2:-bearer}" token header rates=()
    token=$(cat "$EPICEVENTS_CONFIG_DIR/session")
    header="Authorization: Bearer $token"
    [ "$how" = cookie ] && header="Cookie: __Host-epicevents=$token"
    # Not counted: the first requests after a server starts open the
    # pool's connections and prepare their statements, a cost that only
    # the first line of each database would pay.
    wrk -t2 -c64 -d2s -H "$header" "$server_url$path" >/dev/null
    for _ in $(seq "$load_runs"); do
        wrk -t2 -c64 -d"${load_seconds}s" -H "$header" "$server_url$path" >"$work/wrk.txt"
        if grep -q -E 'Non-2xx|Socket errors' "$work/wrk.txt"; then
            echo "error: wrk saw failed requests" >&2; cat "$work/wrk.txt" >&2; exit 1
        fi
        rates+=("$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/wrk.txt")")
    done
    printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%d req/s (lowest %d)", a[int((NR+1)/2)], a[1]}'
}
