#!/usr/bin/env bash
# The pictures checked by real renderers, on a fresh machine: Graphviz (`dot -Tsvg`) on the
# DOT of every example case and of every rule set, with nothing on stderr; Mermaid's own
# parser (npm `mermaid` under `jsdom`) on every Mermaid output and every Markdown record's
# diagram; headless Chromium (Debian's, driven by npm `playwright-core`) on every example
# case's HTML: no console error, no page error, no request but the file and `data:`, a
# screenshot and an A4 PDF each. The hostile rule file and case in tests/pictures/ go
# through all three. Outputs, screenshots and PDFs are left in target/pictures/.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Graphviz and Chromium from Debian's packages, installed only where missing.
missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing ${missing[*]}"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
# mermaid, jsdom and playwright-core as the lock file pins them; no browser is downloaded.
(cd tests/renderers && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)

cargo build --locked -q --example evaluate --example diagram --example report
bin=target/debug/examples
out=target/pictures
rm -rf "$out" && mkdir -p "$out/dot" "$out/mermaid" "$out/html" "$out/shots"

# Every example case, and the hostile case with its rule file.
render() { # NAME CASE [--rules FILE]
    local name=$1 case=$2
    shift 2
    "$bin/evaluate" "$@" --format dot "$case" >"$out/dot/$name.dot"
    "$bin/evaluate" "$@" --format mermaid "$case" >"$out/mermaid/$name.mmd"
    "$bin/evaluate" "$@" --format markdown "$case" >"$out/mermaid/$name.md"
    "$bin/evaluate" "$@" --format html "$case" >"$out/html/$name.html"
}
for case in examples/cases/*.json examples/cases/hillingdon/*.json \
    examples/cases/think-family/*.json examples/cases/think-family/packs/*.json; do
    render "$(basename "$case" .json)" "$case"
done
# An example rule folder's cases, but those that contradict its constraints (refused).
for dir in examples/rules/*/; do
    name=$(basename "$dir")
    for case in "$dir"cases/*.json; do
        case "$(basename "$case")" in contradiction-*) continue;; esac
        render "$name-$(basename "$case" .json)" "$case" --rules "$dir$name.json"
    done
done
for case in examples/rules/*-case.json; do
    render "$(basename "$case" .json)" "$case" --rules "${case%-case.json}-act.json"
done
render hostile tests/pictures/hostile-case.json --rules tests/pictures/hostile-act.json

# Every rule set: the embedded packs' files, the example rule files, the hostile one.
for rules in $(find rules -name '*.json' -not -path '*/schema/*' -not -path '*/scenarios/*' | sort) \
    examples/rules/*-act.json tests/pictures/hostile-act.json; do
    name="rules-$(basename "$rules" .json)"
    # A procedure file is drawn as a procedure, a cluster a decision.
    what=--rules
    grep -q '"kind": *"procedure"' "$rules" && what=--procedure
    "$bin/diagram" "$what" "$rules" --format dot >"$out/dot/$name.dot"
    "$bin/diagram" "$what" "$rules" --format mermaid >"$out/mermaid/$name.mmd"
done
for rules in examples/rules/*/; do
    name=$(basename "$rules")
    "$bin/diagram" --rules "$rules$name.json" --format dot >"$out/dot/rules-$name.dot"
    "$bin/diagram" --rules "$rules$name.json" --format mermaid >"$out/mermaid/rules-$name.mmd"
done

# The report pages: the demo history's year, and the think-family cases' assessments.
"$bin/report" examples/records/history.jsonl --year 2024 --format html >"$out/html/report-history-2024.html"
for case in examples/cases/think-family/*.json; do
    "$bin/evaluate" --record "$case"
done >"$out/think-family.jsonl"
"$bin/report" "$out/think-family.jsonl" --format html >"$out/html/report-think-family.html"

echo "-- Graphviz: dot -Tsvg, no warning"
count=0
for file in "$out"/dot/*.dot docs/pictures/*.dot; do
    if ! err=$(dot -Tsvg "$file" 2>&1 >/dev/null) || [ -n "$err" ]; then
        echo "FAIL $file: $err"
        exit 1
    fi
    count=$((count + 1))
done
echo "dot: $count files drawn, no warning"

echo "-- Mermaid's parser"
node tests/renderers/mermaid.mjs "$out"/mermaid/*.mmd "$out"/mermaid/*.md

echo "-- headless Chromium"
node tests/renderers/chromium.mjs "$out/shots" "$out"/html/*.html docs/pictures/*.html
if grep -li '<script' "$out"/html/*.html; then
    echo "FAIL an HTML record holds <script"
    exit 1
fi
echo "pictures checked: screenshots and PDFs in $out/shots"
