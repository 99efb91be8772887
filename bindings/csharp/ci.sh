#!/usr/bin/env bash
# The C# wrapper on a fresh Debian machine, as root, from the repository root:
#   bash bindings/csharp/ci.sh
# Installs Mono's C# compiler (Debian's mono-mcs), builds the C library (debug), compiles
# the wrapper on its own as a library and with the test program, and runs the tests with
# mono. Closes with the test's "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v mcs >/dev/null || ! command -v mono >/dev/null; then
    echo "installing mono-mcs"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq mono-mcs >/dev/null
fi

target="${CARGO_TARGET_DIR:-target}/debug"
build="${target}/csharp-test"
mkdir -p "$build"

cargo build -p safeguarding-rules-c

mcs -nologo -langversion:7 -warnaserror -target:library -out:"$build/SafeguardingRules.dll" \
    bindings/csharp/SafeguardingRules.cs
mcs -nologo -warnaserror -r:System.Core.dll -out:"$build/Tests.exe" \
    bindings/csharp/SafeguardingRules.cs bindings/csharp/tests/Tests.cs
mcs -nologo -warnaserror -out:"$build/evaluate.exe" \
    bindings/csharp/SafeguardingRules.cs bindings/csharp/examples/Evaluate.cs
export LD_LIBRARY_PATH="$target${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# The README's example.
mono "$build/evaluate.exe" examples/cases/outside-under-18.json >/dev/null
mono "$build/Tests.exe" .
