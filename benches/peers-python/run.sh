#!/usr/bin/env bash
# Builds the Python binding (release, with the `bench` helpers), installs it with the pinned
# zen-engine in a virtual environment, and runs bench.py.
#
#   bash benches/peers-python/run.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="$root/target/peers-python"
venv="$work/venv"
wheels="$work/wheels"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r benches/peers-python/requirements.txt
rm -rf "$wheels"
nice -n 5 "$venv/bin/maturin" build --release --features bench \
    --manifest-path bindings/python/Cargo.toml --out "$wheels"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall "$wheels"/*.whl
cd "$work"
"$venv/bin/python" "$root/benches/peers-python/bench.py"
