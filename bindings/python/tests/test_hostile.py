"""No input crashes the interpreter: each gives the documented error."""

import json
import math

import pytest

import safeguarding_rules as sr

from conftest import S44

DEEP = 100_000


def deep_dict(levels):
    root = {}
    node = root
    for _ in range(levels - 1):
        child = {}
        node["x"] = child
        node = child
    return root


def deep_list(levels):
    root = []
    node = root
    for _ in range(levels - 1):
        child = []
        node.append(child)
        node = child
    return root


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "{",
        "}",
        "null",
        "[]",
        "42",
        '"a case"',
        "{} trailing",
        '{"facts": {"a": 1, "a": 2}}',
        "\ufeff{}",
        '{"facts": NaN}',
        '{"facts": {"age_18_or_over": 1e400}}',
        "\x00",
    ],
)
def test_bad_json_text_is_a_case_error(engine, text):
    with pytest.raises(sr.CaseError):
        engine.evaluate_json(text)
    with pytest.raises(sr.CaseError):
        engine.evaluate(text)


@pytest.mark.parametrize(
    "case",
    [
        None,
        42,
        3.5,
        True,
        [],
        ["facts"],
        (),
        {"facts": []},
        {"facts": {"age_18_or_over": "yes"}},
        {"facts": {"age_18_or_over": 1}},
        {"facts": {"adult_status": ["died"]}},
        {"facts": {"abuse_types": "physical"}},
        {"facts": {"nope": True}},
        {"as_of": "yesterday", "facts": {}},
        {"rule_set": 44, "facts": {}},
        {"unknown_key": 1},
        {1: "int key"},
        {("tuple", "key"): 1},
        {"facts": {"age_18_or_over": float("nan")}},
        {"facts": {"age_18_or_over": math.inf}},
        {"facts": {"age_18_or_over": 10**400}},
        {"facts": {"age_18_or_over": {1, 2}}},
        {"facts": {"age_18_or_over": object()}},
        {"facts": {"age_18_or_over": b"bytes"}},
        {"facts": {"age_18_or_over": "\ud800"}},
        {"\udfff": 1},
    ],
)
def test_invalid_native_cases_are_case_errors(engine, case):
    with pytest.raises(sr.CaseError) as e:
        engine.evaluate(case)
    assert e.value.code == "case_error"
    for problem in e.value.problems:
        assert isinstance(problem["code"], str) and problem["code"]


def test_a_problem_points_where_the_native_value_is(engine):
    with pytest.raises(sr.CaseError) as e:
        engine.evaluate({"facts": {"abuse_types": ["physical", {1, 2}]}})
    assert [p["pointer"] for p in e.value.problems] == ["/facts/abuse_types/1"]
    with pytest.raises(sr.CaseError) as e:
        engine.evaluate({"facts": {"a/b~c": float("inf")}})
    assert [p["pointer"] for p in e.value.problems] == ["/facts/a~1b~0c"]


@pytest.mark.parametrize("levels", [DEEP, 1_000, 200, 129, 128])
def test_deep_nesting_as_text(engine, levels):
    for text in ("[" * levels + "]" * levels, '{"a":' * levels + "1" + "}" * levels):
        with pytest.raises(sr.CaseError) as e:
            engine.evaluate_json(text)
        assert "nested deeper" in e.value.message
        with pytest.raises(sr.CaseError):
            engine.evaluate(text)
        with pytest.raises(sr.CaseError):
            engine.render(text, "text")


@pytest.mark.parametrize("make", [deep_dict, deep_list])
def test_deep_nesting_as_a_native_object(engine, make):
    deep = make(DEEP)
    for case in (deep, {"facts": {"age_18_or_over": deep}}):
        with pytest.raises(sr.CaseError) as e:
            engine.evaluate(case)
        assert "nested deeper" in e.value.message
        assert [p["code"] for p in e.value.problems] == ["too_deep"]
        with pytest.raises(sr.CaseError):
            engine.record(case)
        with pytest.raises(sr.CaseError):
            engine.render(case, "markdown")


def test_a_dict_that_contains_itself(engine):
    case = {"facts": {}}
    case["facts"]["age_18_or_over"] = case
    with pytest.raises(sr.CaseError):
        engine.evaluate(case)
    loop = []
    loop.append(loop)
    with pytest.raises(sr.CaseError):
        engine.evaluate({"facts": {"abuse_types": loop}})


def test_native_depth_limit_is_the_text_limit(engine):
    """At every depth around the limit, a dict and its JSON text fail (or pass) alike."""
    for levels in range(120, 135):
        value = deep_list(levels)
        case = {"facts": {"abuse_types": value}}
        text = json.dumps(case)
        outcomes = []
        for given in (text, case):
            try:
                engine.evaluate(given)
                outcomes.append("ok")
            except sr.CaseError as e:
                outcomes.append("deep" if "nested deeper" in e.message else "case")
        assert outcomes[0] == outcomes[1], (levels, outcomes)


def test_huge_strings(engine):
    huge = "x" * (8 * 1024 * 1024)
    with pytest.raises(sr.CaseError) as e:
        engine.evaluate_json(huge)
    with pytest.raises(sr.CaseError) as e:
        engine.evaluate_json(json.dumps({"facts": {}, "reference": huge}))
    assert "limit" in e.value.message
    with pytest.raises(sr.CaseError) as e:
        engine.evaluate({"facts": {}, "reference": huge})
    assert [p["code"] for p in e.value.problems] == ["too_large"]
    many = {"facts": {"abuse_types": ["physical"] * 200_000}}
    with pytest.raises(sr.CaseError) as e:
        engine.evaluate(many)
    with pytest.raises(sr.CaseError):
        engine.evaluate({"facts": {huge: True}})
    with pytest.raises(sr.CaseError):
        engine.record({"reference": huge, "facts": {}})
    # A huge record line is a report, not a crash.
    assert engine.replay(huge)["verdict"] == "invalid"


def test_long_sources_are_refused_not_copied_into_traces(engine):
    case = {"facts": {"age_18_or_over": {"value": True, "source": "s" * 100_000}}}
    with pytest.raises(sr.CaseError):
        engine.evaluate(case)


def test_invalid_utf8_bytes(engine):
    for bad in (b"\xff", b'{"facts": {"x": "\xc3\x28"}}', b"\xed\xa0\x80"):
        with pytest.raises(sr.CaseError) as e:
            engine.evaluate_json(bad)
        assert [p["code"] for p in e.value.problems] == ["invalid_utf8"]
        with pytest.raises(sr.CaseError):
            engine.evaluate(bad)
    with pytest.raises(sr.CaseError):
        engine.evaluate_json('{"facts": {}, "reference": "\ud800"}')
    with pytest.raises(sr.LoadError):
        sr.Engine([b"\xff"])
    with pytest.raises(sr.UsageError):
        engine.evaluate_json("{}", b"\xff")


def test_subclasses_of_json_types_are_read_as_the_type(engine):
    class Text(str):
        pass

    class Facts(dict):
        pass

    case = {"rule_set": Text(S44), "facts": Facts(age_18_or_over=False)}
    plain = {"rule_set": S44, "facts": {"age_18_or_over": False}}
    assert engine.evaluate(case) == engine.evaluate(plain)


def test_errors_leave_the_engine_working(engine):
    for bad in ("{", {"facts": {"x": object()}}, deep_dict(DEEP)):
        with pytest.raises(sr.CaseError):
            engine.evaluate(bad)
    assert engine.evaluate({"facts": {"in_board_area": False}})["outcome"] == "outside_section_44"
