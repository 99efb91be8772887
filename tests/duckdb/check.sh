#!/usr/bin/env bash
# DuckDB (PyPI `duckdb`, pinned in requirements.txt) reproduces the report's outcome
# counts from the flat export and from the raw records, with docs/reports.md's SQL.
# Makes its own virtual environment under target/ (Debian's python3-venv installed only if
# `python3 -m venv` cannot work), so it runs on a fresh machine.
#
#   bash tests/duckdb/check.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
venv="$root/target/duckdb-ci/venv"
if [ ! -x "$venv/bin/python" ]; then
    mkdir -p "$root/target/duckdb-ci"
    if ! python3 -m venv "$venv" 2>/dev/null; then
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
        rm -rf "$venv"
        python3 -m venv "$venv"
    fi
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r tests/duckdb/requirements.txt
cargo build --locked --example report
"$venv/bin/python" tests/duckdb/check.py "$root/target/debug/examples/report"
