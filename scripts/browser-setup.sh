#!/usr/bin/env bash
# Debian's Chromium and its chromedriver, for the browser tests: installed
# when missing (as root, with apt), then the driver's path on stdout.
set -euo pipefail
if ! command -v chromedriver >/dev/null || ! command -v chromium >/dev/null; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        echo "installing chromium and chromium-driver…" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "error: the browser tests need Chromium and chromedriver: install chromium and chromium-driver (Debian/Ubuntu)" >&2
        exit 1
    fi
fi
command -v chromedriver
