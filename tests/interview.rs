//! The chain of next questions, and the `interview` program driven by piped answers.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use safeguarding_rules::RuleSet;
use serde_json::{Value, json};

const BOOLS: [&str; 4] = [
    "age_18_or_over",
    "in_board_area",
    "care_and_support_needs",
    "joint_working_concern",
];
const KNOWLEDGE: [&str; 5] = [
    "death_from_abuse_or_neglect",
    "serious_abuse_or_neglect",
    "likely_died_but_for_intervention",
    "permanent_harm",
    "reduced_capacity_or_quality_of_life",
];
const LEVELS: [&str; 3] = ["known", "suspected", "not_suspected"];

/// Every complete, consistent s44 case over the facts an outcome can depend on. The
/// question about the death presupposes that the adult died, so a case about a living
/// adult leaves it out: 2^4 · (3^4 + 3^5) = 5,184 cases.
fn complete_cases() -> Vec<Vec<(&'static str, Value)>> {
    let mut cases = Vec::new();
    for bits in 0..16u32 {
        for status in ["alive", "died"] {
            for k in 0..243u32 {
                let mut case: Vec<(&str, Value)> = BOOLS
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (*f, json!(bits >> i & 1 == 1)))
                    .collect();
                case.push(("adult_status", json!(status)));
                let mut rest = k;
                for f in KNOWLEDGE {
                    let level = LEVELS[(rest % 3) as usize];
                    rest /= 3;
                    if f == "death_from_abuse_or_neglect" && status == "alive" {
                        if level != "known" {
                            break; // one case per combination of the other facts
                        }
                        continue;
                    }
                    case.push((f, json!(level)));
                }
                if case.len() == 4 + 1 + if status == "alive" { 4 } else { 5 } {
                    cases.push(case);
                }
            }
        }
    }
    cases
}

#[test]
fn the_chain_of_next_questions_settles_every_complete_case() {
    let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    let cases = complete_cases();
    assert_eq!(cases.len(), 5184);
    let (mut total, mut worst) = (0usize, 0usize);
    for case in &cases {
        let mut full = rules.facts();
        for (f, v) in case {
            full.set(f, v.clone()).unwrap();
        }
        let expected = full.evaluate().outcome;
        let mut facts = rules.facts();
        let mut asked: Vec<String> = Vec::new();
        let det = loop {
            let det = facts.evaluate();
            if det.is_settled() {
                break det;
            }
            let q = det
                .next_question
                .expect("an unsettled case always has a next question");
            assert!(
                !asked.iter().any(|a| *a == q.fact),
                "{} asked twice",
                q.fact
            );
            let answer = case
                .iter()
                .find(|(f, _)| *f == q.fact)
                .map(|(_, v)| v.clone())
                .unwrap();
            facts.set(&q.fact, answer).unwrap();
            asked.push(q.fact.to_string());
            assert!(asked.len() <= 10, "the interview must end");
        };
        assert_eq!(det.outcome, expected);
        total += asked.len();
        worst = worst.max(asked.len());
    }
    let average = total as f64 / cases.len() as f64;
    println!(
        "{} complete cases: average {average:.2} questions, worst {worst}",
        cases.len()
    );
    // Figures quoted in the README; this fails if they drift.
    assert_eq!((format!("{average:.2}"), worst), ("2.01".to_string(), 9));
}

#[test]
fn answering_the_next_question_never_widens_the_possible_outcomes() {
    let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    for case in complete_cases().iter().step_by(7) {
        let mut facts = rules.facts();
        let mut before = facts.evaluate();
        while let Some(q) = before.next_question.clone() {
            let answer = case
                .iter()
                .find(|(f, _)| *f == q.fact)
                .map(|(_, v)| v.clone())
                .unwrap();
            facts.set(&q.fact, answer).unwrap();
            let after = facts.evaluate();
            assert!(
                after
                    .possible_outcomes
                    .iter()
                    .all(|o| before.possible_outcomes.contains(o))
            );
            before = after;
        }
    }
}

#[test]
fn next_question_never_proposes_a_fact_already_answered() {
    let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    let mut facts = rules.facts();
    facts.set("age_18_or_over", Value::Null).unwrap();
    facts.set("in_board_area", json!(true)).unwrap();
    let det = facts.evaluate();
    let q = det.next_question.unwrap();
    assert_ne!(q.fact, "age_18_or_over");
    assert_ne!(q.fact, "in_board_area");
    // The asked fact still matters, so it is listed, marked as asked.
    assert!(
        det.missing_facts
            .iter()
            .any(|m| m.fact == "age_18_or_over" && m.asked)
    );
}

fn interview(answers: &str) -> String {
    interview_with(&[], answers)
}

fn interview_with(args: &[&str], answers: &str) -> String {
    // `cargo test` builds the examples next to the test binaries.
    let program = common::example("interview");
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the interview example is built by cargo test");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn piped_answers_drive_the_interview_to_a_settled_determination() {
    // Adult, in area, an invalid answer re-asked, needs, concern, died and death
    // suspected (menu numbers).
    let out = interview("yes\nyes\nmaybe\nyes\nyes\n2\n2\n");
    assert!(
        out.contains("not a valid answer: expected yes or no, found `maybe`"),
        "{out}"
    );
    assert!(out.contains("outcome: mandatory_review"), "{out}");
    assert_eq!(
        out.matches("possible outcomes: mandatory_review\n").count(),
        1,
        "{out}"
    );
}

#[test]
fn not_known_is_never_asked_again_and_end_of_input_prints_the_determination_so_far() {
    let out = interview("?\nyes\n");
    let asking = out.split("(end of input").next().unwrap();
    assert_eq!(
        asking.matches("Was the person 18 or over").count(),
        1,
        "{out}"
    );
    assert!(
        out.contains("(end of input: the determination so far)"),
        "{out}"
    );
    assert!(out.contains("outcome: undetermined"), "{out}");
    assert!(out.contains("age_18_or_over (asked)"), "{out}");
    assert!(!out.contains("the full trace"), "{out}");
    let traced = interview_with(&["--trace"], "?\nyes\n");
    assert!(
        traced.contains("age_18_or_over (asked, not known)"),
        "{traced}"
    );
}

#[test]
fn a_value_is_accepted_as_the_question_spells_it() {
    // The question says "known, suspected or not suspected".
    let out = interview("yes\nyes\nyes\nyes\nDied\nnot Suspected\n");
    assert!(!out.contains("not a valid answer"), "{out}");
    assert!(
        out.contains("death_from_abuse_or_neglect: not_suspected (given)"),
        "{out}"
    );
    assert!(
        out.contains("outcome: discretionary_review: the board may arrange a review"),
        "{out}"
    );
}

#[test]
fn back_undoes_the_last_answer() {
    let out = interview("yes\nyes\nback\nno\n");
    assert!(out.contains("(the last answer is undone)"), "{out}");
    assert_eq!(
        out.matches("Was the adult in the board's area?").count(),
        2,
        "{out}"
    );
    assert!(out.contains("outcome: outside_section_44"), "{out}");
    assert!(out.contains("in_board_area: false (given)"), "{out}");
}

#[test]
fn the_end_gives_the_outcome_in_words_the_reasons_and_the_provisions() {
    let out = interview("yes\nno\n");
    assert!(
        out.contains("  outside_section_44: the case does not involve an adult"),
        "{out}"
    );
    assert!(out.contains("\nsummary: "), "{out}");
    assert!(out.contains("\nreasons that decided:\n"), "{out}");
    assert!(out.contains("\nprovisions relied on:\n"), "{out}");
    assert!(
        out.contains("\n  s44(1): Care Act 2014 s44(1)\n    \"An SAB must arrange"),
        "{out}"
    );
}

#[test]
fn a_referral_is_continued_and_saved_as_a_case_that_evaluate_records() {
    let dir = std::env::temp_dir().join(format!("sgr-interview-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let referral = dir.join("referral.json");
    let saved = dir.join("saved.json");
    std::fs::write(
        &referral,
        r#"{"reference": "2024-017", "as_of": "2024-03-01",
            "facts": {"age_18_or_over": {"value": true, "source": "referral form"}}}"#,
    )
    .unwrap();
    let (referral, saved) = (referral.to_str().unwrap(), saved.to_str().unwrap());
    let out = interview_with(&["--case", referral, "--save", saved], "no\n");
    // The referral answered the first question, so the interview starts at the second.
    assert!(!out.contains("Was the person 18 or over"), "{out}");
    assert!(out.contains(&format!("answers saved to {saved}")), "{out}");
    let case: Value = serde_json::from_str(&std::fs::read_to_string(saved).unwrap()).unwrap();
    assert_eq!(
        case,
        json!({"rule_set": "care-act-2014-s44", "reference": "2024-017", "as_of": "2024-03-01",
               "facts": {"age_18_or_over": {"value": true, "source": "referral form"},
                         "in_board_area": false}})
    );
    let record = Command::new(common::example("evaluate"))
        .args(["--record", saved])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        record.status.success(),
        "{}",
        String::from_utf8_lossy(&record.stderr)
    );
    let line: Value = serde_json::from_slice(&record.stdout).unwrap();
    assert_eq!(line["determination"]["outcome"], "outside_section_44");
}

const RIVERSIDE: &str = "examples/rules/riverside-act/riverside-act.json";

/// The interview over the riverside example, starting from a referral's facts.
fn riverside_interview(referral: &str, answers: &str) -> String {
    let dir = std::env::temp_dir().join(format!(
        "sgr-riverside-{}-{}",
        std::process::id(),
        referral.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("referral.json");
    std::fs::write(&path, referral).unwrap();
    let rules = format!("{}/{RIVERSIDE}", env!("CARGO_MANIFEST_DIR"));
    let out = interview_with(
        &["--rules", &rules, "--case", path.to_str().unwrap()],
        answers,
    );
    std::fs::remove_dir_all(&dir).unwrap();
    out
}

#[test]
fn a_number_is_asked_for_within_its_range_and_checked() {
    // Out of range, a fraction, not a number, then a valid age.
    let out = riverside_interview(
        r#"{"facts": {"in_area": true}}"#,
        "200\n17.0\nseventeen\n17\n",
    );
    assert!(
        out.contains("answer with a whole number from 0 to 130 (or ? if not known)"),
        "{out}"
    );
    assert!(
        out.contains(
            "not a valid answer: /facts/age: 200 is out of range for `age`: expected 0 to 130"
        ),
        "{out}"
    );
    assert!(
        out.contains("not a valid answer: expected a whole number, found `17.0`"),
        "{out}"
    );
    assert!(
        out.contains("not a valid answer: expected a whole number, found `seventeen`"),
        "{out}"
    );
    assert_eq!(
        out.matches("How old was the person when they were harmed?")
            .count(),
        4,
        "{out}"
    );
    // 17 forces `adult` false through the constraint, and settles the outcome.
    assert!(out.contains("outcome: young_person_review"), "{out}");
    assert!(out.contains("adult: false (constrained)"), "{out}");
}

#[test]
fn a_date_is_asked_for_and_an_impossible_or_out_of_range_date_is_asked_again() {
    let out = riverside_interview(
        r#"{"facts": {"adult": true, "in_area": true}}"#,
        "2023-02-30\n1899-12-31\n14/02/2031\n2019-12-31\n",
    );
    assert!(
        out.contains("answer with a date written YYYY-MM-DD from 1900-01-01 (or ? if not known)"),
        "{out}"
    );
    assert!(
        out.contains(
            "not a valid answer: /facts/harmed_on: expected a date that exists, written `YYYY-MM-DD` for `harmed_on`, found \"2023-02-30\""
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "not a valid answer: /facts/harmed_on: \"1899-12-31\" is out of range for `harmed_on`: expected from 1900-01-01"
        ),
        "{out}"
    );
    assert!(out.contains("found \"14/02/2031\""), "{out}");
    assert_eq!(
        out.matches("On what date was the person harmed?").count(),
        4,
        "{out}"
    );
    // Harmed before the Act's date: no review.
    assert!(out.contains("outcome: no_review"), "{out}");
}

#[test]
fn an_answer_that_contradicts_a_constraint_is_refused_naming_it() {
    // Recorded not an adult, then answered 40: the constraint that an adult is a person
    // aged 18 or over refuses it, and the question is asked again.
    let out = riverside_interview(
        r#"{"facts": {"adult": false, "in_area": true}}"#,
        "40\n17\n",
    );
    assert!(
        out.contains(
            "not a valid answer: /facts/age: the facts given contradict constraint `adult_means_18_or_over` (an adult is a person aged 18 or over): `age` is 40, `adult` is false"
        ),
        "{out}"
    );
    assert_eq!(
        out.matches("How old was the person when they were harmed?")
            .count(),
        2,
        "{out}"
    );
    assert!(out.contains("outcome: young_person_review"), "{out}");
    assert!(out.contains("age: 17 (given)"), "{out}");
}

#[test]
fn a_procedure_is_interviewed_across_its_decisions() {
    // A child: `sar_panel` stops applying, and its questions are never asked.
    let out = interview_with(&["--procedure", "hillingdon-think-family"], "");
    assert!(out.contains("  sar_panel: await_section_44_facts"), "{out}");
    assert!(
        out.contains("(end of input: the assessment so far)"),
        "{out}"
    );
    let dir = std::env::temp_dir().join(format!("sgr-interview-procedure-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let referral = dir.join("referral.json");
    std::fs::write(
        &referral,
        r#"{"procedure": "hillingdon-think-family", "reference": "r-1", "facts": {"age": 12, "died": false, "seriously_harmed": true}}"#,
    )
    .unwrap();
    let saved = dir.join("saved.json");
    let out = interview_with(
        &[
            "--case",
            referral.to_str().unwrap(),
            "--save",
            saved.to_str().unwrap(),
        ],
        "maybe\n?\nback\n2024-01-10\n",
    );
    assert!(out.contains("  sar_panel: does not apply"), "{out}");
    assert!(out.contains("not a valid answer"), "{out}");
    assert!(out.contains("(the last answer is undone)"), "{out}");
    assert!(
        !out.contains("(for sar_panel"),
        "a question only sar_panel needs: {out}"
    );
    assert!(!out.contains("panel_judges_sar_proportionate"), "{out}");
    let case: Value = serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(case["procedure"], "hillingdon-think-family");
    assert_eq!(case["reference"], "r-1");
    assert_eq!(case["facts"]["age"], 12);
    assert_eq!(case["facts"].as_object().unwrap().len(), 4, "{case}");
    std::fs::remove_dir_all(&dir).unwrap();
}
