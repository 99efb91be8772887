"""Every error class, with its code, message and problems."""

import json

import pytest

import safeguarding_rules as sr

from conftest import ROOT, S44


def check_error(error, cls, code):
    assert type(error) is cls
    assert isinstance(error, sr.Error)
    assert error.code == code
    assert isinstance(error.message, str) and error.message
    assert str(error) == error.message
    assert isinstance(error.problems, list)
    for problem in error.problems:
        assert set(problem) == {"pointer", "code", "message"}
        assert isinstance(problem["pointer"], str)
        assert problem["pointer"] == "" or problem["pointer"].startswith("/")
        # The problem codes are placeholders for now: a non-empty str.
        assert isinstance(problem["code"], str) and problem["code"]
        assert isinstance(problem["message"], str) and problem["message"]
    return error


def test_the_classes():
    for cls in (sr.CaseError, sr.LoadError, sr.BookError, sr.UsageError, sr.InternalError):
        assert issubclass(cls, sr.Error)
        assert cls.__module__ == "safeguarding_rules"
    assert issubclass(sr.Error, Exception)


@pytest.mark.parametrize("as_text", [False, True])
def test_case_error_lists_every_problem(engine, as_text):
    case = {"facts": {"adult_stauts": "died", "age_18_or_over": "yes"}}
    with pytest.raises(sr.CaseError) as e:
        engine.evaluate(json.dumps(case) if as_text else case)
    error = check_error(e.value, sr.CaseError, "case_error")
    pointers = [p["pointer"] for p in error.problems]
    assert "/facts/adult_stauts" in pointers
    assert "/facts/age_18_or_over" in pointers
    assert "adult_status" in error.message  # the suggestion


def test_case_error_from_evaluate_json_is_the_same(engine):
    case = json.dumps({"facts": {"adult_stauts": "died"}})
    with pytest.raises(sr.CaseError) as text_error:
        engine.evaluate_json(case)
    with pytest.raises(sr.CaseError) as dict_error:
        engine.evaluate(json.loads(case))
    assert text_error.value.message == dict_error.value.message
    assert text_error.value.problems == dict_error.value.problems


def test_syntax_error_is_a_case_error_with_position(engine):
    with pytest.raises(sr.CaseError) as e:
        engine.evaluate_json('{"facts": {"age_18_or_over": tru}}')
    check_error(e.value, sr.CaseError, "case_error")
    assert "line 1" in e.value.message


def test_load_error(engine):
    with pytest.raises(sr.LoadError) as e:
        sr.Engine(['{"id": "broken"'])
    check_error(e.value, sr.LoadError, "load_error")
    assert "rule_files[0]" in e.value.message


def test_load_error_with_problems():
    with pytest.raises(sr.LoadError) as e:
        sr.Engine([json.dumps({"id": "x", "facts": "none"})])
    error = check_error(e.value, sr.LoadError, "load_error")
    assert error.problems, "a rule file that is JSON but not a rule file has positioned problems"


@pytest.mark.parametrize(
    "rule_files", ["one text", b"bytes", 3, [1], [None], ["ok", {"id": "x"}]]
)
def test_load_error_for_the_wrong_shape(rule_files):
    with pytest.raises(sr.LoadError) as e:
        sr.Engine(rule_files)
    check_error(e.value, sr.LoadError, "load_error")


def test_book_error_unknown_rule_set(engine):
    with pytest.raises(sr.BookError) as e:
        engine.evaluate({"rule_set": "no-such-rule-set", "facts": {}})
    check_error(e.value, sr.BookError, "book_error")
    with pytest.raises(sr.BookError):
        engine.case_schema("no-such-rule-set")


def test_book_error_not_in_force(engine):
    with pytest.raises(sr.BookError) as e:
        engine.evaluate({"rule_set": S44, "as_of": "2001-01-01", "facts": {}})
    check_error(e.value, sr.BookError, "book_error")


@pytest.mark.parametrize(
    "call",
    [
        lambda e: e.render({"facts": {}}, "pdf"),
        lambda e: e.render({"facts": {}}, 3),
        lambda e: sr.schema("nope"),
        lambda e: sr.schema(None),
        lambda e: e.case_schema(7),
        lambda e: e.evaluate_json("{}", '{"asof": "2024-01-01"}'),
        lambda e: e.evaluate_json("{}", "{not json"),
        lambda e: e.evaluate_json("{}", {"counterfactuals": "yes"}),
        lambda e: e.evaluate_json("{}", {"as_of": float("nan")}),
        lambda e: e.evaluate_json("{}", 3),
        lambda e: e.evaluate_json({"facts": {}}),
        lambda e: e.evaluate({"facts": {}}, as_of=20240101),
        lambda e: e.evaluate({"facts": {}}, counterfactuals=1),
        lambda e: e.replay(42),
    ],
)
def test_usage_error(engine, call):
    with pytest.raises(sr.UsageError) as e:
        call(engine)
    check_error(e.value, sr.UsageError, "usage_error")


def test_usage_error_problems_point_at_the_option(engine):
    with pytest.raises(sr.UsageError) as e:
        engine.evaluate_json("{}", '{"counterfactuals": 1}')
    assert [p["pointer"] for p in e.value.problems] == ["/counterfactuals"]
    with pytest.raises(sr.UsageError) as e:
        engine.evaluate({}, counterfactuals="yes")
    assert [p["pointer"] for p in e.value.problems] == ["/counterfactuals"]
    with pytest.raises(sr.UsageError) as e:
        engine.evaluate({}, as_of=1)
    assert [p["pointer"] for p in e.value.problems] == ["/as_of"]


def test_internal_error_is_an_error():
    # Never expected from the library; the class exists and can be caught as an Error.
    error = sr.InternalError("x")
    assert isinstance(error, sr.Error)


def test_errors_are_caught_as_exception(engine):
    try:
        engine.evaluate({"facts": {"nope": 1}})
    except Exception as e:  # noqa: BLE001 - any Exception handler catches it
        assert isinstance(e, sr.CaseError)
    else:
        raise AssertionError("no error")


RIVERSIDE = ROOT / "examples" / "rules" / "riverside-act"


@pytest.fixture(scope="module")
def riverside():
    return sr.Engine([(RIVERSIDE / "riverside-act.json").read_text(encoding="utf-8")])


def test_a_contradicting_case_is_a_case_error_naming_the_constraint(riverside):
    text = (RIVERSIDE / "cases" / "contradiction-adult-aged-15.json").read_text(encoding="utf-8")
    for case in (text, json.loads(text)):
        with pytest.raises(sr.CaseError) as e:
            riverside.evaluate(case)
        check_error(e.value, sr.CaseError, "case_error")
        assert [p["code"] for p in e.value.problems] == ["contradiction"]
        assert e.value.problems[0]["pointer"] == "/facts/age"
        assert "constraint `adult_means_18_or_over`" in e.value.message
    with pytest.raises(sr.CaseError) as e:
        riverside.evaluate_json(text)
    assert e.value.problems[0]["code"] == "contradiction"


@pytest.mark.parametrize(
    "facts, pointer, code",
    [
        ({"age": 17.0}, "/facts/age", "wrong_type"),
        ({"age": 131}, "/facts/age", "out_of_range"),
        ({"age": {"value": 16.5, "source": "referral form"}}, "/facts/age/value", "wrong_type"),
        # A date that does not exist: `invalid_date`, as for an `as_of`.
        ({"harmed_on": "2023-02-30"}, "/facts/harmed_on", "invalid_date"),
        ({"harmed_on": "1899-12-31"}, "/facts/harmed_on", "out_of_range"),
    ],
)
def test_integer_and_date_values_are_checked(riverside, facts, pointer, code):
    with pytest.raises(sr.CaseError) as e:
        riverside.evaluate({"rule_set": "riverside-act-2031", "facts": facts})
    assert [p["pointer"] for p in e.value.problems] == [pointer]
    if code is not None:
        assert e.value.problems[0]["code"] == code
    assert "harmed_on" in e.value.message or "age" in e.value.message


def test_integer_and_date_facts_evaluate_from_native_values(riverside):
    facts = {"age": 17, "in_area": True, "harmed_on": "2031-02-14"}
    det = riverside.evaluate({"rule_set": "riverside-act-2031", "facts": facts})
    assert det["outcome"] == "young_person_review"
    det = riverside.evaluate({"rule_set": "riverside-act-2031", "facts": {"in_area": True}})
    age = next(m for m in det["missing_facts"] if m["fact"] == "age")
    assert age["answers"][1] == {
        "range": {"at_least": 16, "at_most": 17},
        "possible_outcomes": ["young_person_review"],
    }
