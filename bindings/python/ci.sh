#!/usr/bin/env bash
# Builds the Python binding into a wheel (debug), installs it into a fresh virtual
# environment and runs its pytest suite. Run from anywhere; works on a fresh machine as
# root (it installs Debian's python3-venv only if `python3 -m venv` cannot work).
#
#   bash bindings/python/ci.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="$root/target/python-ci"
venv="$work/venv"
wheels="$work/wheels"

rm -rf "$venv" "$wheels"
mkdir -p "$work"
if ! python3 -m venv "$venv" 2>/dev/null; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
    rm -rf "$venv"
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
    -r bindings/python/requirements-ci.txt

# A debug wheel: the tests check behaviour, not speed.
"$venv/bin/maturin" build --manifest-path bindings/python/Cargo.toml --out "$wheels"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps "$wheels"/*.whl

# Run from outside the source tree, so that `import safeguarding_rules` is the wheel.
cd "$work"
"$venv/bin/python" -c 'import safeguarding_rules, sys; print("testing", safeguarding_rules.__file__, "on Python", sys.version.split()[0])'
"$venv/bin/python" -m pytest -p no:cacheprovider "$root/bindings/python/tests"
