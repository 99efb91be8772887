"""safeguarding-rules' Python binding against zen-engine's Python package, side by side.

Run with `bash benches/peers-python/run.sh` (it builds the binding in release with the
`bench` feature and installs the pinned zen-engine). The steps follow benches/peers/:

1. The same 4,096 complete s44 cases, from the same fixed-seed SplitMix64 stream.
2. Agreement first: every engine gives every case the same outcome (exit 1 if not).
3. Timing: 2 warm-up rounds, then 15 measured rounds; every round runs every mode once,
   interleaved; the figure is the median of the round means, in microseconds per call.
"""

import json
import os
import pathlib
import statistics
import sys
import time
from importlib import metadata

import safeguarding_rules as sr
from safeguarding_rules import _native
import zen

HERE = pathlib.Path(__file__).resolve().parent
PEERS = HERE.parent / "peers"
CASES = 4096
ROUNDS = int(os.environ.get("PEERS_PYTHON_ROUNDS", "15"))
WARMUP_ROUNDS = 2
SEED = 0x5344_3434_2014_0044
MASK = (1 << 64) - 1
S44 = "care-act-2014-s44"
KNOWLEDGE = ["known", "suspected", "not_suspected"]


class SplitMix64:
    """SplitMix64 (Steele, Lea and Flood 2014), as benches/peers/src/main.rs has it."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E37_79B9_7F4A_7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


def make_case(rng):
    """One complete case, drawn exactly as benches/peers' `make_case` draws it."""
    scope = 0b111 if rng.below(2) == 0 else rng.below(7)
    case = {
        "age_18_or_over": scope & 1 != 0,
        "in_board_area": scope & 2 != 0,
        "care_and_support_needs": scope & 4 != 0,
        "joint_working_concern": rng.below(2) == 0,
    }
    died = rng.below(2) == 0
    case["adult_status"] = "died" if died else "alive"
    if died:
        case["death_from_abuse_or_neglect"] = KNOWLEDGE[rng.below(3)]
    for fact in (
        "serious_abuse_or_neglect",
        "likely_died_but_for_intervention",
        "permanent_harm",
        "reduced_capacity_or_quality_of_life",
    ):
        case[fact] = KNOWLEDGE[rng.below(3)]
    return case


def reference_outcome(case):
    """The s44 logic by hand from docs/law.md (benches/peers' `reference_outcome`)."""

    def ks(k):
        return case.get(k) in ("known", "suspected")

    in_scope = case["age_18_or_over"] and case["in_board_area"] and case["care_and_support_needs"]
    died = case["adult_status"] == "died"
    condition_1 = died and ks("death_from_abuse_or_neglect")
    condition_2 = not died and (
        ks("serious_abuse_or_neglect")
        or ks("likely_died_but_for_intervention")
        or ks("permanent_harm")
        or ks("reduced_capacity_or_quality_of_life")
    )
    if in_scope and case["joint_working_concern"] and (condition_1 or condition_2):
        return "mandatory_review"
    if in_scope:
        return "discretionary_review"
    return "outside_section_44"


def round_mean_us(fn, items):
    start = time.perf_counter_ns()
    for item in items:
        fn(item)
    return (time.perf_counter_ns() - start) / len(items) / 1000.0


def main():
    rng = SplitMix64(SEED)
    facts = [make_case(rng) for _ in range(CASES)]
    cases = [{"rule_set": S44, "facts": f} for f in facts]
    texts = [json.dumps(c) for c in cases]

    engine = sr.Engine()
    zen_engine = zen.ZenEngine()
    table = zen_engine.create_decision(
        zen.ZenDecisionContent((PEERS / "jdm" / "s44-decision-table.json").read_text())
    )
    expression = zen_engine.create_decision(
        zen.ZenDecisionContent((PEERS / "jdm" / "s44-expression.json").read_text())
    )
    on = {"trace": True}
    off = {"trace": False}

    print(
        f"safeguarding-rules (Python binding {metadata.version('safeguarding-rules')}, "
        f"s44 pack {engine.evaluate(cases[0])['rule_set']['version']}) vs "
        f"zen-engine {metadata.version('zen-engine')} (PyPI), "
        f"Python {sys.version.split()[0]}"
    )
    mix = {}
    for f in facts:
        o = reference_outcome(f)
        mix[o] = mix.get(o, 0) + 1
    print("cases:", ", ".join(f"{k} {v}" for k, v in sorted(mix.items())))

    # Agreement first.
    engines = {
        "reference (docs/law.md by hand)": lambda i: reference_outcome(facts[i]),
        "safeguarding-rules evaluate (dict)": lambda i: engine.evaluate(cases[i])["outcome"],
        "safeguarding-rules evaluate_json": lambda i: json.loads(engine.evaluate_json(texts[i]))[
            "outcome"
        ],
        "zen decision table, trace off": lambda i: table.evaluate(facts[i], off)["result"]["outcome"],
        "zen decision table, trace on": lambda i: table.evaluate(facts[i], on)["result"]["outcome"],
        "zen expression, trace off": lambda i: expression.evaluate(facts[i], off)["result"]["outcome"],
        "zen expression, trace on": lambda i: expression.evaluate(facts[i], on)["result"]["outcome"],
    }
    disagreements = 0
    for i in range(CASES):
        answers = {name: fn(i) for name, fn in engines.items()}
        if len(set(answers.values())) != 1:
            disagreements += 1
            if disagreements <= 5:
                print(f"disagreement on case {i}: {json.dumps(facts[i])}")
                for name, answer in answers.items():
                    print(f"    {name:<40} {answer}")
        # Ours: the dict equals the parsed JSON, on every case.
        if engine.evaluate(cases[i]) != json.loads(engine.evaluate_json(texts[i])):
            print(f"case {i}: evaluate differs from json.loads(evaluate_json(...))")
            disagreements += 1
        if not table.evaluate(facts[i], on).get("trace"):
            print(f"case {i}: zen returned no trace with trace on")
            disagreements += 1
    if disagreements:
        print(f"agreement: {CASES - disagreements}/{CASES} cases; stopping")
        sys.exit(1)
    print(f"agreement: {CASES}/{CASES} cases, all engines agree")

    ours_bytes = statistics.mean(len(engine.evaluate_json(t)) for t in texts)
    zen_bytes = statistics.mean(len(json.dumps(table.evaluate(f, on))) for f in facts)
    zen_expr_bytes = statistics.mean(len(json.dumps(expression.evaluate(f, on))) for f in facts)
    print(
        f"returned per case, as JSON: ours {ours_bytes:,.0f} bytes; zen trace on: "
        f"decision table {zen_bytes:,.0f} bytes, expression {zen_expr_bytes:,.0f} bytes"
    )

    modes = {
        "ours: evaluate(dict) -> dict": lambda: round_mean_us(engine.evaluate, cases),
        "ours: evaluate_json(str) -> str": lambda: round_mean_us(engine.evaluate_json, texts),
        "ours: json.loads(evaluate_json(json.dumps(dict)))": lambda: round_mean_us(
            lambda c: json.loads(engine.evaluate_json(json.dumps(c))), cases
        ),
        "rust: JsonEngine::evaluate, str -> String": lambda: _native._bench_rust_evaluate_json(
            engine, texts
        )
        / 1000.0,
        "zen decision table, trace on": lambda: round_mean_us(
            lambda f: table.evaluate(f, on), facts
        ),
        "zen decision table, trace off": lambda: round_mean_us(
            lambda f: table.evaluate(f, off), facts
        ),
        "zen expression, trace on": lambda: round_mean_us(
            lambda f: expression.evaluate(f, on), facts
        ),
        "zen expression, trace off": lambda: round_mean_us(
            lambda f: expression.evaluate(f, off), facts
        ),
    }
    phases = (
        "dict -> Case",
        "evaluate",
        "Determination -> dict",
        "(the same dict by pythonize, for comparison)",
    )
    times = {name: [] for name in modes}
    phase_times = {name: [] for name in phases}
    for r in range(WARMUP_ROUNDS + ROUNDS):
        for name, run in modes.items():
            t = run()
            if r >= WARMUP_ROUNDS:
                times[name].append(t)
        split = _native._bench_native_phases(engine, cases)
        if r >= WARMUP_ROUNDS:
            for name, ns in zip(phases, split):
                phase_times[name].append(ns / 1000.0)
        if os.environ.get("PEERS_PYTHON_VERBOSE"):
            print(f"round {r}: " + ", ".join(f"{n}: {v[-1]:.1f}" for n, v in times.items() if v),
                  file=sys.stderr)

    med = {name: statistics.median(v) for name, v in times.items()}
    print()
    print(f"median of {ROUNDS} interleaved rounds (after {WARMUP_ROUNDS} warm-up), "
          f"microseconds per call, {CASES} cases a round:")
    print()
    print(f"| {'mode':<50} | {'median us':>10} | {'min':>8} | {'max':>8} |")
    print(f"|{'-' * 52}|{'-' * 11}:|{'-' * 9}:|{'-' * 9}:|")
    for name, v in times.items():
        print(f"| {name:<50} | {med[name]:>10.2f} | {min(v):>8.2f} | {max(v):>8.2f} |")
    print()
    print("ours, evaluate(dict) -> dict, split inside the binding (median of the round means):")
    for name, v in phase_times.items():
        print(f"    {name:<46} {statistics.median(v):>8.2f} us")
    print()
    ours = med["ours: evaluate(dict) -> dict"]
    print(f"speedup vs zen-engine python decision table, trace on: "
          f"{med['zen decision table, trace on'] / ours:.2f}x")
    print(f"speedup vs zen-engine python expression, trace on: "
          f"{med['zen expression, trace on'] / ours:.2f}x")
    print(f"python overhead vs rust json to json: "
          f"{med['ours: evaluate_json(str) -> str'] / med['rust: JsonEngine::evaluate, str -> String']:.2f}x")


if __name__ == "__main__":
    main()
