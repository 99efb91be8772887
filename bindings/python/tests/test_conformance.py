"""The shared conformance list: the exact bytes of the Rust library, through Python."""

import json

import pytest

import safeguarding_rules as sr

from conftest import ROOT, conformance_cases

CASES = conformance_cases()


def test_the_list_is_not_empty():
    assert len(CASES) >= 100


@pytest.fixture(scope="module")
def engines():
    cache = {}

    def engine_for(rule_files):
        key = tuple(rule_files)
        if key not in cache:
            cache[key] = sr.Engine(rule_files or None)
        return cache[key]

    return engine_for


@pytest.mark.parametrize("entry", CASES, ids=[c["name"] for c in CASES])
def test_conformance(entry, engines):
    engine = engines(entry["rule_files"])
    text = engine.evaluate_json(entry["case"])
    assert text == entry["determination"]
    expected = json.loads(entry["determination"])
    # The native call, from the JSON text and from the dict, equals the parsed JSON.
    assert engine.evaluate(entry["case"]) == expected
    assert engine.evaluate(json.loads(entry["case"])) == expected
    # Bytes are read as UTF-8 text.
    assert engine.evaluate_json(entry["case"].encode("utf-8")) == text
    # render("json") is the same document.
    assert engine.render(entry["case"], "json") == text


def rendering_cases():
    path = ROOT / "tests" / "conformance" / "renderings.jsonl"
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


RENDERINGS = rendering_cases()


@pytest.mark.parametrize(
    "entry", RENDERINGS, ids=[f'{c["name"]} {c["format"]}' for c in RENDERINGS]
)
def test_renderings(entry, engines):
    """The pictures and records of reasons, byte for byte the Rust library's."""
    engine = engines(entry["rule_files"])
    assert engine.render(entry["case"], entry["format"]) == entry["output"]
    assert engine.render(json.loads(entry["case"]), entry["format"]) == entry["output"]
