"""The report of audit records through Python: the conformance report's exact bytes, the
dict form, and errors as the error classes (issue 18)."""

import json

import pytest

import safeguarding_rules as sr

from conftest import ROOT

HISTORY = (ROOT / "examples" / "records" / "history.jsonl").read_text(encoding="utf-8")
EXPECTED = (ROOT / "tests" / "conformance" / "report-2024.json").read_text(encoding="utf-8")


def test_the_demo_year_gives_the_conformance_bytes():
    engine = sr.Engine()
    assert engine.report_json(HISTORY, {"year": 2024}) == EXPECTED
    assert engine.report_json(HISTORY, '{"year": 2024}') == EXPECTED
    assert engine.report(HISTORY, {"year": 2024}) == json.loads(EXPECTED)


def test_lines_that_are_not_records_are_counted_not_raised():
    report = sr.Engine().report("not a record\n\n{}\n")
    assert report["records"]["read"] == 2
    assert report["records"]["invalid"] == 2
    assert report["rule_sets"] == []


def test_bad_options_are_usage_errors():
    with pytest.raises(sr.UsageError) as e:
        sr.Engine().report("", {"yaer": 2024})
    assert e.value.problems[0]["pointer"] == "/yaer"
    with pytest.raises(sr.UsageError):
        sr.Engine().report("", {"from": "2024-04-01"})
    with pytest.raises(sr.UsageError):
        sr.Engine().report(42)


def test_the_report_schema():
    assert sr.schema("report")["title"] == "Report"
