#!/usr/bin/env bash
# What large inputs cost (issue 22, items 4 and 5). The server: its resident
# memory before, at its peak and after eight parallel 62 MB
# `POST /api/v1/events/import` bodies sent with no session, as a sales
# user (who may not import), and as a manager (a body of JSON blanks
# around no event, read whole, two at a time); and how long they took. SQLite, release build; BIN=path uses another binary.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/build-env.sh
. scripts/build-env.sh
command -v curl >/dev/null || { echo "error: curl is missing: apt-get install curl" >&2; exit 1; }

if [ -z "${BIN:-}" ]; then
    cargo build --quiet --release --bin epicevents
    BIN="$PWD/target/release/epicevents"
fi
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
unset SENTRY_DSN EPICEVENTS_SERVER
export EPICEVENTS_CONFIG_DIR="$work/config" EPICEVENTS_DATABASE_URL="$work/crm.db"

echo "bench passphrase one" | "$BIN" --quiet init --name "Bench Manager" --email bench@epic.test --password-stdin >/dev/null
echo "bench passphrase one" | "$BIN" --quiet login --email bench@epic.test --password-stdin >/dev/null
echo "bench passphrase two" | "$BIN" --quiet collaborator create --name "Bench Sales" \
    --email sales@bench.test --department sales --password-stdin >/dev/null
"$BIN" --quiet serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
[ -n "$url" ] || { cat "$work/serve.err" >&2; exit 1; }

# A session token for each of the two, through the server's own login.
token() {
    curl -s -X POST "$url/api/v1/session" -H 'content-type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"$2\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}
manager=$(token bench@epic.test "bench passphrase one")
sales=$(token sales@bench.test "bench passphrase two")

# 62 MB of JSON blanks inside an import's brackets.
python3 -c "import sys; sys.stdout.write('{\"events\":[' + ' ' * (62 << 20) + ']}')" >"$work/body.json"

rss() { awk -v f="$1" '$1 == f":" {printf "%.0f", $2/1024}' "/proc/$server/status"; }
# wave NAME [HEADER]: eight bodies at once; the server's memory after.
wave() {
    local name="$1"; shift
    local started pids=()
    started=$(date +%s.%N)
    for _ in $(seq 8); do
        curl -s -o /dev/null -w '%{http_code}\n' -X POST "$url/api/v1/events/import" \
            -H 'content-type: application/json' "$@" --data-binary "@$work/body.json" >>"$work/$name.codes" &
        pids+=($!)
    done
    wait "${pids[@]}" || true
    local took
    took=$(echo "$(date +%s.%N) - $started" | bc)
    sleep 1
    printf '| %s | %s | %.1f s | %s MB | %s MB |\n' "$name" "$(sort -u "$work/$name.codes" | tr '\n' ' ')" \
        "$took" "$(rss VmHWM)" "$(rss VmRSS)"
}
echo "| eight 62 MB import bodies | answers | all answered in | server peak so far | server after |"
echo "|---|---|---|---|---|"
printf '| (before) | | | %s MB | %s MB |\n' "$(rss VmHWM)" "$(rss VmRSS)"
wave "no session"
wave "sales" -H "Authorization: Bearer $sales"
wave "manager" -H "Authorization: Bearer $manager"

# Spreadsheet bombs (item 5): a workbook of one 300 MB cell, and one of
# 1.2 GB, a few megabytes each; `event import`'s time and peak memory.
echo
echo "| workbook | size | exit | time | peak memory |"
echo "|---|---|---|---|---|"
for mb in 300 1200; do
    python3 - "$work/bomb$mb.xlsx" "$mb" <<'PY'
import sys, zipfile
path, mb = sys.argv[1], int(sys.argv[2])
sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + 'x' * (mb << 20) + '</t></is></c></row></sheetData></worksheet>')
parts = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': sheet,
}
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    for name, text in parts.items():
        z.writestr(name, text)
PY
    /usr/bin/time -f '%x %e %M' -o "$work/bomb.time" "$BIN" --quiet event import "$work/bomb$mb.xlsx" >/dev/null 2>&1 || true
    read -r code secs kb < <(tail -n 1 "$work/bomb.time")
    printf '| one %s MB cell | %s | %s | %s s | %.0f MB |\n' "$mb" "$(du -h "$work/bomb$mb.xlsx" | cut -f1)" "$code" "$secs" "$((kb / 1024))"
done
