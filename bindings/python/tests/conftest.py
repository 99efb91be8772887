import json
import pathlib

import pytest

import safeguarding_rules as sr

ROOT = pathlib.Path(__file__).resolve().parents[3]
S44 = "care-act-2014-s44"


def conformance_cases():
    path = ROOT / "tests" / "conformance" / "cases.jsonl"
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def engine():
    return sr.Engine()


@pytest.fixture(scope="session")
def s44_facts(engine):
    """The s44 facts and their answers, read from the engine's case schema for s44.

    Each fact maps to ("one", values) or ("set", members): the first alternative of its
    schema is the bare answer (a boolean, an enum, or an array of enum members).
    """
    schema = engine.case_schema(S44)
    facts = {}
    for fact, spec in schema["properties"]["facts"]["properties"].items():
        answer = spec["anyOf"][0]
        if answer.get("type") == "boolean":
            facts[fact] = ("one", [True, False])
        elif "enum" in answer:
            facts[fact] = ("one", list(answer["enum"]))
        elif answer.get("type") == "array":
            facts[fact] = ("set", list(answer["items"]["enum"]))
        else:
            raise AssertionError(f"an answer schema this test does not know: {answer}")
    return facts
