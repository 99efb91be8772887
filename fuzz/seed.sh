#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ (git-ignored) with seed inputs from the repository:
#   load_rules     rules/*.json, examples/rules/*.json, tests/bad/rules/*.json
#   evaluate_case  examples/cases/*.json, tests/bad/cases/*.json, and the case of each
#                  scenario in rules/scenarios/*/
#   replay_record  each line of examples/records/altered.jsonl, the first 5 lines of
#                  examples/records/sample.jsonl, and fuzz/seeds/replay_record/* (records
#                  made with `cargo run --example evaluate -- --record …`)
#   structured_rules  nothing: libFuzzer starts it from empty input.
#   c_boundary     the seeds of evaluate_case and replay_record.
# Running it again adds what is missing; it never deletes what the fuzzer found.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/load_rules corpus/evaluate_case corpus/replay_record corpus/structured_rules corpus/c_boundary

for f in "$root"/rules/*.json "$root"/examples/rules/*.json "$root"/tests/bad/rules/*.json; do
    cp "$f" "corpus/load_rules/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
done

for f in "$root"/examples/cases/*.json "$root"/tests/bad/cases/*.json; do
    cp "$f" "corpus/evaluate_case/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
done
python3 - "$root" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
for path in sorted(root.glob("rules/scenarios/*/*.json")):
    try:
        case = json.loads(path.read_text())["case"]
    except (KeyError, ValueError, TypeError):
        continue
    out = pathlib.Path("corpus/evaluate_case") / f"seed-scenario-{path.name}"
    out.write_text(json.dumps(case, indent=2))
PY

n=0
while IFS= read -r line; do
    n=$((n + 1))
    printf '%s' "$line" > "corpus/replay_record/seed-altered-$n.jsonl"
done < "$root/examples/records/altered.jsonl"
n=0
head -n 5 "$root/examples/records/sample.jsonl" | while IFS= read -r line; do
    n=$((n + 1))
    printf '%s' "$line" > "corpus/replay_record/seed-sample-$n.jsonl"
done
cp seeds/replay_record/* corpus/replay_record/
cp corpus/evaluate_case/seed-* corpus/replay_record/seed-* corpus/c_boundary/

for t in load_rules evaluate_case replay_record structured_rules c_boundary; do
    echo "$t: $(ls corpus/$t | wc -l) inputs"
done
