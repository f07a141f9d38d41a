#!/usr/bin/env bash
# The layers, checked: each crate depends only on the crates it may (the
# imports point down), and the HTTP client links no database library and
# no OpenAPI schema.
# Run by .ci/run; a dependency added against the layering fails it.
set -euo pipefail
cd "$(dirname "$0")/.."

# crate: the product's crates it may depend on directly.
allowed() {
    case "$1" in
        domain) echo "" ;;
        telemetry | api | store) echo "domain" ;;
        # The sheet a reader reads is the contract's import request.
        sheets) echo "api domain" ;;
        service) echo "api domain store telemetry" ;;
        client) echo "api domain telemetry" ;;
        web) echo "api domain service sheets" ;;
        server) echo "api domain service telemetry web" ;;
        cli) echo "api client domain server service sheets telemetry web" ;;
    esac
}

status=0
for crate in domain telemetry api store sheets service client web server cli; do
    deps=$(cargo tree -p "epicevents-$crate" -e normal --depth 1 --prefix none --locked |
        tail -n +2 | { grep -o '^epicevents-[a-z]*' || true; } | sed 's/^epicevents-//' | sort -u)
    for dep in $deps; do
        if ! grep -qw "$dep" <<<"$(allowed "$crate")"; then
            echo "error: $crate depends on $dep, which is not below it" >&2
            status=1
        fi
    done
done

databases=$(cargo tree -p epicevents-client -e normal --prefix none --locked |
    grep -oE '^(diesel|libsqlite3-sys|pq-sys|mysqlclient-sys)\b' | sort -u || true)
if [ -n "$databases" ]; then
    echo "error: the HTTP client links database libraries: $(echo $databases)" >&2
    status=1
fi
# The OpenAPI schemas are the server's document's: behind the `openapi`
# feature of the contract and the domain, which the client leaves off.
if cargo tree -p epicevents-client -e normal --prefix none --locked | grep -q '^utoipa '; then
    echo "error: the HTTP client builds the OpenAPI schemas (utoipa)" >&2
    status=1
fi
exit $status
