"""The rest of the surface: options, render, record, replay, schemas."""

import json

import pytest

import safeguarding_rules as sr

from conftest import S44

CASE = {
    "rule_set": S44,
    "reference": "py-1",
    "as_of": "2024-03-01",
    "facts": {
        "age_18_or_over": True,
        "in_board_area": True,
        "care_and_support_needs": True,
        "joint_working_concern": True,
        "adult_status": "died",
        "death_from_abuse_or_neglect": "suspected",
    },
}


def test_module_surface():
    assert sr.ABI_VERSION == 1
    assert "markdown" in sr.RENDER_FORMATS
    assert "determination" in sr.SCHEMAS
    for name in sr.__all__:
        assert hasattr(sr, name)


def test_evaluate_returns_plain_dicts(engine):
    det = engine.evaluate(CASE)
    assert type(det) is dict
    assert det["outcome"] == "mandatory_review"
    assert det["rule_set"]["id"] == S44
    # Plain JSON types all the way down: it serialises back to the same JSON text.
    assert json.loads(json.dumps(det)) == det
    assert json.loads(engine.evaluate_json(json.dumps(CASE))) == det


def test_keyword_options_match_json_options(engine):
    text = json.dumps(CASE)
    for as_of in (None, "2015-04-01", "2024-12-31"):
        for counterfactuals in (False, True):
            native = engine.evaluate(CASE, as_of=as_of, counterfactuals=counterfactuals)
            options = {"as_of": as_of, "counterfactuals": counterfactuals}
            assert engine.evaluate_json(text, json.dumps(options)) == engine.evaluate_json(
                text, options
            )
            assert native == json.loads(engine.evaluate_json(text, options))


def test_counterfactuals_are_listed_when_asked(engine):
    plain = engine.evaluate(CASE)
    asked = engine.evaluate(CASE, counterfactuals=True)
    assert asked != plain
    assert asked["outcome"] == plain["outcome"]


def test_as_of_before_the_act_is_a_book_error(engine):
    with pytest.raises(sr.BookError) as e:
        engine.evaluate(CASE, as_of="2000-01-01")
    assert e.value.code == "book_error"


def test_render_formats(engine):
    text = engine.render(CASE, "text")
    markdown = engine.render(json.dumps(CASE), "markdown")
    assert "mandatory" in text.lower()
    assert markdown.lstrip().startswith("#")
    assert engine.render(CASE, "json") == engine.evaluate_json(json.dumps(CASE))


def test_render_pictures(engine):
    for fmt in ("dot", "mermaid", "html"):
        assert fmt in sr.RENDER_FORMATS
    assert engine.render(CASE, "dot").startswith("digraph decision_path {")
    assert engine.render(CASE, "mermaid").startswith("flowchart LR")
    html = engine.render(CASE, "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html and "<script" not in html
    # The Markdown record ends with the decision path as a Mermaid block.
    assert engine.render(CASE, "markdown").rstrip().endswith("```")


def test_record_then_replay_matches(engine):
    line = engine.record(CASE)
    assert "\n" not in line
    record = json.loads(line)
    assert record["case"]["reference"] == "py-1"
    report = engine.replay(line)
    assert report == {
        "reference": "py-1",
        "verdict": "matched",
        "differences": [],
        "detail": report["detail"],
    }
    assert isinstance(report["detail"], str) and report["detail"]


def test_replay_of_an_altered_record_differs(engine):
    record = json.loads(engine.record(CASE))
    record["determination"]["outcome"] = "discretionary_review"
    report = engine.replay(json.dumps(record))
    assert report["verdict"] != "matched"


def test_replay_of_garbage_is_a_report_not_an_error(engine):
    report = engine.replay("not a record")
    assert report["verdict"] == "invalid"
    assert report["reference"] is None


def test_schemas(engine):
    for which in sr.SCHEMAS:
        schema = sr.schema(which)
        assert isinstance(schema, dict)
        assert "$schema" in schema or "type" in schema or "properties" in schema
    case_schema = engine.case_schema(S44)
    assert "adult_status" in case_schema["properties"]["facts"]["properties"]


def test_rule_files_extend_the_book():
    from conftest import conformance_cases

    entry = next(c for c in conformance_cases() if c["rule_files"])
    engine = sr.Engine(entry["rule_files"])
    assert engine.evaluate_json(entry["case"]) == entry["determination"]
    # A tuple, or any iterable of texts, is as good as a list.
    engine = sr.Engine(iter(tuple(entry["rule_files"])))
    assert engine.evaluate_json(entry["case"]) == entry["determination"]


def test_each_result_is_its_own(engine):
    first = engine.evaluate(CASE)
    second = engine.evaluate(CASE)
    assert first == second
    assert first is not second and first["rule_set"] is not second["rule_set"]
    first["outcome"] = "changed"
    first["rule_set"]["id"] = "changed"
    first["trace"].clear() if isinstance(first["trace"], list) else first.pop("trace")
    assert engine.evaluate(CASE) == second
    for key in second:
        assert type(key) is str


def test_many_distinct_strings_stay_right(engine, s44_facts):
    """Past the binding's cache of strings (8,192), values are still exactly the JSON's."""

    def case(i):
        facts = {}
        for n, (fact, (kind, values)) in enumerate(sorted(s44_facts.items())):
            answer = values[:1] if kind == "set" else values[0]
            facts[fact] = {"value": answer, "source": f"source {i}-{n}"}
        return {"rule_set": S44, "facts": facts}

    for i in range(800):  # 13 sources a case: over 10,000 distinct strings
        det = engine.evaluate(case(i))
        if i % 100 == 0 or i > 790:
            assert det == json.loads(engine.evaluate_json(json.dumps(case(i))))


def test_a_case_naming_a_procedure_gives_an_assessment(engine):
    girl = {
        "procedure": "hillingdon-think-family",
        "as_of": "2024-03-20",
        "facts": {
            "age": 17,
            "died": True,
            "date_of_death_or_harm": "2024-03-15",
            "normally_resident_in_area": True,
            "place_of_death_or_harm": "in_area",
            "abuse_or_neglect_of_child": "known",
            "death_from_violence_abuse_or_neglect": "known",
            "person_responsible_was": ["intimate_partner"],
        },
    }
    a = engine.evaluate(girl)
    assert a["procedure"]["id"] == "hillingdon-think-family"
    by_name = {d["name"]: d for d in a["decisions"]}
    assert by_name["sar_panel"]["applies"] is False
    assert by_name["child_notification"]["determination"]["outcome"] == "notify_panel"
    assert by_name["dhr"]["determination"]["outcome"] == "domestic_homicide_review"
    assert a == json.loads(engine.evaluate_json(json.dumps(girl)))
    assert engine.render(girl, "text").startswith("procedure: hillingdon-think-family")
    line = engine.record(girl)
    assert json.loads(line)["format"] == 2
    assert engine.replay(line)["verdict"] == "matched"
    schema = engine.case_schema("hillingdon-think-family")
    if isinstance(schema, str):
        schema = json.loads(schema)
    assert schema["properties"]["procedure"]["const"] == "hillingdon-think-family"
