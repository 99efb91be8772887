"""Hypothesis: random partial s44 cases, built from the engine's own case schema."""

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT, S44


def presuppositions():
    """{fact: (presupposed fact, value)} from the rule file: an answer to `fact` infers it."""
    with (ROOT / "rules" / f"{S44}.json").open(encoding="utf-8") as f:
        rules = json.load(f)
    return {
        fact["id"]: (fact["presupposes"]["fact"], fact["presupposes"]["is"])
        for fact in rules["facts"]
        if "presupposes" in fact
    }


def is_answered(given):
    """A fact as given is answered unless it is left out or null (bare or as a value)."""
    if isinstance(given, dict):
        given = given.get("value")
    return given is not None

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def answers(kind, values):
    """A strategy for one fact's answer: a value it may take."""
    if kind == "one":
        return st.sampled_from(values)
    # A set fact: any subset, in the declared order.
    return st.lists(st.sampled_from(values), unique=True).map(
        lambda chosen: [v for v in values if v in chosen]
    )


def given_as(answer):
    """An answer as a case gives it: bare, or with its source."""
    return st.one_of(
        st.just(answer),
        st.text(max_size=20).map(lambda source: {"value": answer, "source": source}),
    )


def partial_cases(facts):
    """Each fact left out (unknown), null (asked, not known), or answered."""
    per_fact = {
        fact: st.one_of(
            st.just(None).map(lambda _: ("absent",)),
            st.just(("null",)),
            answers(kind, values).flatmap(given_as).map(lambda a: ("answer", a)),
        )
        for fact, (kind, values) in facts.items()
    }

    def build(chosen):
        case_facts = {}
        for fact, choice in chosen.items():
            if choice[0] == "null":
                case_facts[fact] = None
            elif choice[0] == "answer":
                case_facts[fact] = choice[1]
        return {"rule_set": S44, "facts": case_facts}

    return st.fixed_dictionaries(per_fact).map(build)


@pytest.fixture(scope="module")
def strategies(s44_facts):
    return partial_cases(s44_facts)


def test_evaluate_equals_parsed_evaluate_json(engine, s44_facts):
    @SETTINGS
    @given(
        case=partial_cases(s44_facts),
        counterfactuals=st.booleans(),
        as_of=st.sampled_from([None, "2015-04-01", "2024-03-01"]),
    )
    def check(case, counterfactuals, as_of):
        native = engine.evaluate(case, as_of=as_of, counterfactuals=counterfactuals)
        options = {"as_of": as_of, "counterfactuals": counterfactuals}
        text = engine.evaluate_json(json.dumps(case), json.dumps(options))
        assert native == json.loads(text)
        assert engine.evaluate(json.dumps(case), as_of=as_of, counterfactuals=counterfactuals) == native

    check()


def test_answering_a_fact_never_widens_the_possible_outcomes(engine, s44_facts):
    """Answering an unknown fact (left out or null) with a value some completion allows.

    A value no completion allows is left out, as in the Rust property test: an answer to a
    fact that presupposes another (the death's cause presupposes `adult_status` `died`)
    infers it, and answering the presupposed fact otherwise contradicts the presupposition;
    the case is then evaluated as given and may widen (docs/design.md, "Presuppositions").
    """
    inferred_by = presuppositions()

    @SETTINGS
    @given(case=partial_cases(s44_facts), data=st.data())
    def check(case, data):
        unanswered = [f for f in s44_facts if case["facts"].get(f) is None]
        if not unanswered:
            return
        fact = data.draw(st.sampled_from(unanswered))
        kind, values = s44_facts[fact]
        answer = data.draw(answers(kind, values))
        for by, (presupposed, value) in inferred_by.items():
            if presupposed == fact and is_answered(case["facts"].get(by)):
                assume(answer == value)
        before = engine.evaluate(case)
        after_case = {"rule_set": S44, "facts": dict(case["facts"], **{fact: answer})}
        after = engine.evaluate(after_case)
        assert set(after["possible_outcomes"]) <= set(before["possible_outcomes"]), (
            fact,
            answer,
            before["possible_outcomes"],
            after["possible_outcomes"],
        )
        # A settled outcome stays settled, and the same.
        if before["outcome"] != "undetermined":
            assert after["outcome"] == before["outcome"]

    check()
