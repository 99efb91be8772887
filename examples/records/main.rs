//! Generates the demo audit logs: `sample.jsonl`, about 1,000 records of varied s44 cases,
//! `altered.jsonl`, a few of them deliberately altered, so that a newcomer sees a clean
//! replay and caught alterations, and `history.jsonl`, two financial years (2023-24 and
//! 2024-25) of cases evaluated again as their facts arrive, with referrals, for `report`:
//!
//! ```text
//! cargo run --example records -- examples/records        # regenerate all three files
//! cargo run --example replay -- examples/records/sample.jsonl
//! cargo run --example replay -- examples/records/altered.jsonl
//! cargo run --example report -- examples/records/history.jsonl --year 2024
//! ```
//!
//! The output is deterministic: the same seed and the same rule pack give the same bytes.

#[path = "../common/mod.rs"]
mod common;

use common::splitmix::SplitMix;

use std::process::ExitCode;

use safeguarding_rules::{Options, Record, RuleBook};
use serde_json::{Map, Value, json};

const SEED: u64 = 44;
const RECORDS: usize = 1000;
/// The history's own seed, so that it leaves `sample.jsonl` as it was.
const HISTORY_SEED: u64 = 2014;
/// Cases in the history; each is evaluated one to four times.
const HISTORY_CASES: usize = 240;
const SOURCES: [&str; 6] = [
    "police",
    "hospital",
    "adult_social_care",
    "care_provider",
    "family_or_friend",
    "gp",
];

const BOOLS: [&str; 6] = [
    "age_18_or_over",
    "in_board_area",
    "care_and_support_needs",
    "la_meeting_needs",
    "joint_working_concern",
    "abuse_known_before_death",
];
const KNOWLEDGE: [&str; 5] = [
    "death_from_abuse_or_neglect",
    "serious_abuse_or_neglect",
    "likely_died_but_for_intervention",
    "permanent_harm",
    "reduced_capacity_or_quality_of_life",
];
const TYPES: [&str; 4] = [
    "physical",
    "financial_or_material",
    "neglect_or_acts_of_omission",
    "self_neglect",
];

fn case(rng: &mut SplitMix, n: usize) -> Value {
    let mut facts = Map::new();
    // Most facts known; in-scope facts mostly true, so the outcomes vary.
    let answer = |rng: &mut SplitMix, value: Value| -> Option<Value> {
        match rng.below(10) {
            0 => None,
            1 => Some(Value::Null),
            2 => Some(
                json!({"value": value, "source": format!("chronology p{}", 1 + rng.below(40))}),
            ),
            _ => Some(value),
        }
    };
    for f in BOOLS {
        let likely = if f.starts_with("la_") || f.starts_with("abuse_") {
            2
        } else {
            8
        };
        let value = json!(rng.below(10) < likely);
        if let Some(v) = answer(rng, value) {
            facts.insert(f.to_string(), v);
        }
    }
    let died = rng.below(2) == 0;
    if let Some(v) = answer(rng, json!(if died { "died" } else { "alive" })) {
        facts.insert("adult_status".to_string(), v);
    }
    for f in KNOWLEDGE {
        if f == "death_from_abuse_or_neglect" && !died {
            continue;
        }
        let value = json!(["known", "suspected", "not_suspected"][rng.below(3)]);
        if let Some(v) = answer(rng, value) {
            facts.insert(f.to_string(), v);
        }
    }
    let types: Vec<&str> = TYPES
        .iter()
        .copied()
        .filter(|_| rng.below(3) == 0)
        .collect();
    facts.insert("abuse_types".to_string(), json!(types));
    let year = 2016 + rng.below(11);
    let as_of = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
    json!({"rule_set": "care-act-2014-s44", "reference": format!("demo-{n:04}"), "as_of": as_of, "facts": facts})
}

/// Writes the demo audit log: DIR/sample.jsonl and DIR/altered.jsonl.
#[derive(clap::Parser)]
#[command(name = "records", version)]
struct Args {
    /// The directory to write into.
    #[arg(value_name = "DIR")]
    dir: String,
}

fn main() -> ExitCode {
    let Args { dir } = match common::parse_args::<Args>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let dir = &dir;
    let book = RuleBook::embedded();
    let mut rng = SplitMix(SEED);
    let mut sample = Vec::with_capacity(RECORDS);
    for n in 1..=RECORDS {
        let case = case(&mut rng, n);
        match Record::from_book(&book, case, Options::default()) {
            Ok(record) => sample.push(record),
            Err(e) => return common::fail(format!("demo case {n}: {e}")),
        }
    }
    let lines: Vec<String> = sample.iter().map(Record::to_json_line).collect();
    let altered = alter(&sample);
    let history = match history(&book) {
        Ok(history) => history,
        Err(e) => return common::fail(e),
    };
    let write = |name: &str, lines: &[String]| {
        let path = format!("{dir}/{name}");
        std::fs::write(&path, lines.join("\n") + "\n")
            .map_err(|e| format!("{path}: cannot write: {e}"))
    };
    let written = write("sample.jsonl", &lines)
        .and_then(|()| write("altered.jsonl", &altered))
        .and_then(|()| write("history.jsonl", &history));
    if let Err(e) = written {
        return common::fail(e);
    }
    ExitCode::SUCCESS
}

/// A date `days` after 2023-04-01, as `YYYY-MM-DD` (the history's calendar: no clock).
fn date(days: usize) -> String {
    const MONTHS: [usize; 12] = [30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 29, 31];
    // April 2023 to March 2025; February 2024 has 29 days, February 2025 28.
    let (mut left, mut year, mut month) = (days, 2023, 4);
    loop {
        let length = match (year, month) {
            (2025, 2) => 28,
            _ => MONTHS[(month + 8) % 12],
        };
        if left < length {
            return format!("{year}-{month:02}-{:02}", left + 1);
        }
        left -= length;
        month += 1;
        if month == 13 {
            (year, month) = (year + 1, 1);
        }
    }
}

/// Two financial years of cases, each evaluated again as facts arrive: the first record
/// knows a few facts, each later one more (never on the same day, so that a case's latest
/// record is plain from its dates), with a referral on most. Records in date order.
fn history(book: &RuleBook) -> Result<Vec<String>, String> {
    let mut rng = SplitMix(HISTORY_SEED);
    let mut records: Vec<(String, usize, String)> = Vec::new();
    for n in 1..=HISTORY_CASES {
        let full = case(&mut rng, n);
        let reference = format!("sar-{n:04}");
        let Some(facts) = full["facts"].as_object().cloned() else {
            continue;
        };
        let mut order: Vec<String> = facts.keys().cloned().collect();
        // Facts arrive in a varied order (a Fisher-Yates shuffle).
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let evaluations = 1 + rng.below(4);
        let mut day = rng.below(700);
        let referral = (rng.below(10) < 8).then(|| {
            let source = SOURCES[rng.below(SOURCES.len())];
            json!({"source": source, "received_on": date(day.saturating_sub(rng.below(15)))})
        });
        for k in 1..=evaluations {
            let known = order.len() * k / evaluations;
            let given: Map<String, Value> = order[..known]
                .iter()
                .filter_map(|f| Some((f.clone(), facts.get(f)?.clone())))
                .collect();
            let mut case = json!({"rule_set": "care-act-2014-s44", "reference": reference,
                "as_of": date(day), "facts": given});
            if let Some(r) = &referral {
                case["referral"] = r.clone();
            }
            let record = Record::from_book(book, case, Options::default())
                .map_err(|e| format!("history case {reference}: {e}"))?;
            records.push((date(day), records.len(), record.to_json_line()));
            day += 3 + rng.below(60);
            // The history ends on 2025-03-31, day 730.
            if day > 730 {
                break;
            }
        }
    }
    records.sort();
    Ok(records.into_iter().map(|(_, _, line)| line).collect())
}

/// A few records altered the ways an auditor must catch.
fn alter(sample: &[Record]) -> Vec<String> {
    let mut out = Vec::new();
    let pick = |wanted: &str| {
        sample
            .iter()
            .find(|r| r.determination.outcome == wanted)
            .cloned()
    };
    // 1. A fact edited after the decision (the digest no longer matches).
    if let Some(mut r) = pick("mandatory_review") {
        r.case["reference"] = json!("altered-fact");
        r.case_digest = safeguarding_rules::digest(&r.case);
        r.case["facts"]["in_board_area"] = json!(false);
        out.push(r.to_json_line());
    }
    // 2. A recorded-only fact edited: it changes no outcome, but it is still caught.
    if let Some(mut r) = pick("discretionary_review") {
        r.case["reference"] = json!("altered-recorded-only-fact");
        r.case_digest = safeguarding_rules::digest(&r.case);
        r.case["facts"]["la_meeting_needs"] = json!(true);
        out.push(r.to_json_line());
    }
    // 3. The outcome edited.
    if let Some(mut r) = pick("outside_section_44") {
        r.case["reference"] = json!("altered-outcome");
        r.case_digest = safeguarding_rules::digest(&r.case);
        r.determination.outcome = "discretionary_review".into();
        out.push(r.to_json_line());
    }
    // 4. A record claiming a different rule text.
    if let Some(mut r) = pick("undetermined") {
        r.case["reference"] = json!("altered-rule-text");
        r.case_digest = safeguarding_rules::digest(&r.case);
        r.rule_set.fingerprint = format!("sha256:{}", "0".repeat(64)).into();
        r.determination.rule_set.fingerprint = r.rule_set.fingerprint.clone();
        out.push(r.to_json_line());
    }
    // 5. A line that is not a record at all.
    out.push("{\"format\": 1, \"case\": ".to_string());
    out
}
