#!/usr/bin/env bash
# The C binding on a fresh Debian machine, as root, from the repository root:
#   bash bindings/c/ci.sh
# Installs what it needs (a C compiler, cJSON, valgrind), builds the library (debug),
# checks the committed header against the code, runs the Rust tests of the boundary, then
# compiles the C test against the header and runs it under valgrind (no error, no definite
# or indirect leak), and once more linked statically. Closes with the C test's
# "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."

packages=()
command -v cc >/dev/null || packages+=(gcc libc6-dev)
command -v valgrind >/dev/null || packages+=(valgrind)
[ -f /usr/include/cjson/cJSON.h ] || packages+=(libcjson-dev)
if [ ${#packages[@]} -gt 0 ]; then
    echo "installing ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

target="${CARGO_TARGET_DIR:-target}/debug"
build="${target}/c-test"
mkdir -p "$build"

# The library, and the Rust tests: the header is up to date, the boundary holds.
cargo build -p safeguarding-rules-c
cargo test -p safeguarding-rules-c

cflags=(-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -g -O1 -I bindings/c/include)

# The README's example.
cc "${cflags[@]}" bindings/c/examples/evaluate.c -L "$target" -lsafeguarding_rules -o "$build/evaluate"
LD_LIBRARY_PATH="$target" "$build/evaluate" examples/cases/outside-under-18.json >/dev/null

# Linked statically: a quick run without valgrind.
cc "${cflags[@]}" bindings/c/tests/test_sgr.c "$target/libsafeguarding_rules.a" \
    -lcjson -lpthread -ldl -lm -o "$build/test_sgr_static"
"$build/test_sgr_static" . >"$build/static.log" || { cat "$build/static.log"; exit 1; }
echo "static: $(tail -n 1 "$build/static.log")"

# Linked against the shared library, under valgrind.
cc "${cflags[@]}" bindings/c/tests/test_sgr.c -L "$target" -lsafeguarding_rules \
    -lcjson -lpthread -o "$build/test_sgr"
LD_LIBRARY_PATH="$target${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    valgrind -q --error-exitcode=1 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect "$build/test_sgr" .
