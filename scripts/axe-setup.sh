#!/usr/bin/env bash
# axe-core from the npm registry, for the browser tests' accessibility
# checks: installed once into target/axe (pinned), then its script's path
# on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.10.3
dir="${CARGO_TARGET_DIR:-$PWD/target}/axe"
script="$dir/node_modules/axe-core/axe.min.js"
if [ ! -f "$script" ] || ! grep -q "\"version\": \"$version\"" "$dir/node_modules/axe-core/package.json"; then
    command -v npm >/dev/null || { echo "error: npm is needed to fetch axe-core" >&2; exit 1; }
    mkdir -p "$dir"
    npm install --silent --prefix "$dir" --no-save --no-audit --no-fund "axe-core@$version" >&2
fi
echo "$script"
