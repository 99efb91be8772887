//! safeguarding-rules against zen-engine (GoRules JDM) on the same Care Act 2014 s44 logic.
//!
//! Run: `cargo run --release --manifest-path benches/peers/Cargo.toml`
//!
//! 1. Builds 4,096 complete s44 cases from a fixed-seed SplitMix64 stream.
//! 2. Checks that every engine gives every case the same outcome (exit 1 if not).
//! 3. Times each engine: the median, over 15 rounds, of one round's mean ns per evaluation.

use std::hint::black_box;
use std::time::{Duration, Instant};

use safeguarding_rules::{Facts, RuleSet};
use serde_json::{Map, Value, json};
use zen_engine::model::GraphContent;
use zen_engine::{Decision, EvaluationOptions, Variable};

const CASES: usize = 4096;
const ROUNDS: usize = 15;
const WARMUP_ROUNDS: usize = 2;
const SEED: u64 = 0x5344_3434_2014_0044;

const TABLE_JDM: &str = include_str!("../jdm/s44-decision-table.json");
const EXPRESSION_JDM: &str = include_str!("../jdm/s44-expression.json");
const LOCKFILE: &str = include_str!("../Cargo.lock");

/// SplitMix64 (Steele, Lea and Flood 2014): a fixed seed gives the same cases on every machine.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const KNOWLEDGE: [&str; 3] = ["known", "suspected", "not_suspected"];

/// One complete case: every fact the outcome can depend on is given.
///
/// Half the cases are in scope (18 or over, in the area, with needs); the other half draw one
/// of the seven other combinations of those three facts, so all three outcomes are common.
/// `death_from_abuse_or_neglect` is given only when the adult died (it presupposes a death).
fn make_case(rng: &mut SplitMix64) -> Map<String, Value> {
    let scope = if rng.below(2) == 0 {
        0b111
    } else {
        rng.below(7) // 0..=6: every combination but all three true
    };
    let mut case = Map::new();
    case.insert("age_18_or_over".into(), json!(scope & 1 != 0));
    case.insert("in_board_area".into(), json!(scope & 2 != 0));
    case.insert("care_and_support_needs".into(), json!(scope & 4 != 0));
    case.insert("joint_working_concern".into(), json!(rng.below(2) == 0));
    let died = rng.below(2) == 0;
    case.insert(
        "adult_status".into(),
        json!(if died { "died" } else { "alive" }),
    );
    let mut knowledge = |case: &mut Map<String, Value>, fact: &str| {
        case.insert(fact.into(), json!(KNOWLEDGE[rng.below(3) as usize]));
    };
    if died {
        knowledge(&mut case, "death_from_abuse_or_neglect");
    }
    for fact in [
        "serious_abuse_or_neglect",
        "likely_died_but_for_intervention",
        "permanent_harm",
        "reduced_capacity_or_quality_of_life",
    ] {
        knowledge(&mut case, fact);
    }
    case
}

/// The s44 logic written out by hand from docs/law.md, as a fourth opinion for the agreement check.
fn reference_outcome(case: &Map<String, Value>) -> &'static str {
    let b = |k: &str| case[k].as_bool().unwrap();
    let ks = |k: &str| {
        matches!(
            case.get(k).and_then(Value::as_str),
            Some("known" | "suspected")
        )
    };
    let in_scope = b("age_18_or_over") && b("in_board_area") && b("care_and_support_needs");
    let died = case["adult_status"] == "died";
    let condition_1 = died && ks("death_from_abuse_or_neglect");
    let condition_2 = !died
        && (ks("serious_abuse_or_neglect")
            || ks("likely_died_but_for_intervention")
            || ks("permanent_harm")
            || ks("reduced_capacity_or_quality_of_life"));
    if in_scope && b("joint_working_concern") && (condition_1 || condition_2) {
        "mandatory_review"
    } else if in_scope {
        "discretionary_review"
    } else {
        "outside_section_44"
    }
}

fn load_decision(jdm: &str) -> Decision {
    let graph: GraphContent = serde_json::from_str(jdm).expect("JDM graph parses");
    let mut decision = Decision::from(graph);
    // Precompile expressions and build the decision-table index, as zen's own
    // "precompiled" benchmark does: the fastest way zen offers to evaluate one decision.
    decision.compile();
    decision.validate().expect("JDM graph is valid");
    decision
}

fn zen_outcome(
    rt: &tokio::runtime::Runtime,
    decision: &Decision,
    input: &Variable,
    trace: bool,
) -> String {
    let options = EvaluationOptions {
        trace,
        ..Default::default()
    };
    let response = rt
        .block_on(decision.evaluate_with_opts(input.clone(), options))
        .unwrap_or_else(|e| panic!("zen-engine evaluation failed: {e:?}"));
    if trace {
        assert!(response.trace.is_some(), "trace asked for but not returned");
    }
    match response.result.dot("outcome") {
        Some(v) => v
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("<{v:?}>")),
        None => format!("<no outcome in {}>", response.result.to_value()),
    }
}

fn zen_version() -> &'static str {
    let mut lines = LOCKFILE.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"zen-engine\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return v.trim_end_matches('"');
        }
    }
    "unknown"
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn main() {
    let mut rng = SplitMix64(SEED);
    let cases: Vec<Map<String, Value>> = (0..CASES).map(|_| make_case(&mut rng)).collect();

    let rules = RuleSet::embedded("care-act-2014-s44").expect("embedded s44 pack");
    let facts: Vec<Facts<'_>> = cases
        .iter()
        .map(|case| {
            let mut facts = rules.facts();
            for (id, value) in case {
                facts.set(id, value.clone()).expect("fact binds");
            }
            facts
        })
        .collect();
    let inputs: Vec<Variable> = cases
        .iter()
        .map(|case| Variable::from(Value::Object(case.clone())))
        .collect();

    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio runtime");
    let table = load_decision(TABLE_JDM);
    let expression = load_decision(EXPRESSION_JDM);

    println!(
        "safeguarding-rules (s44 pack {}) vs zen-engine {}",
        rules.version(),
        zen_version()
    );
    let mut mix = std::collections::BTreeMap::<&str, usize>::new();
    for case in &cases {
        *mix.entry(reference_outcome(case)).or_default() += 1;
    }
    let distinct: std::collections::BTreeSet<String> = cases
        .iter()
        .map(|c| Value::Object(c.clone()).to_string())
        .collect();
    println!(
        "cases: {CASES} complete s44 cases (SplitMix64 seed {SEED:#x}), {} distinct; reference outcomes: {}",
        distinct.len(),
        mix.iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // 1. Agreement, before any timing.
    let mut disagreements = 0usize;
    for (i, case) in cases.iter().enumerate() {
        let ours_outcome = facts[i].outcome().unwrap_or("<undetermined>").to_owned();
        let ours_full = facts[i].evaluate().outcome.to_string();
        let answers = [
            (
                "reference (docs/law.md by hand)",
                reference_outcome(case).to_owned(),
            ),
            ("safeguarding-rules outcome", ours_outcome),
            ("safeguarding-rules full determination", ours_full),
            (
                "zen decision table, trace off",
                zen_outcome(&rt, &table, &inputs[i], false),
            ),
            (
                "zen decision table, trace on",
                zen_outcome(&rt, &table, &inputs[i], true),
            ),
            (
                "zen expression, trace off",
                zen_outcome(&rt, &expression, &inputs[i], false),
            ),
            (
                "zen expression, trace on",
                zen_outcome(&rt, &expression, &inputs[i], true),
            ),
        ];
        if answers.iter().any(|(_, a)| *a != answers[0].1) {
            disagreements += 1;
            if disagreements <= 20 {
                println!("disagreement on case {i}: {}", Value::Object(case.clone()));
                for (engine, answer) in &answers {
                    println!("    {engine:<40} {answer}");
                }
            }
        }
    }
    if disagreements > 0 {
        println!(
            "agreement: {}/{CASES} cases; {disagreements} disagreements",
            CASES - disagreements
        );
        std::process::exit(1);
    }
    println!("agreement: {CASES}/{CASES} cases, all engines agree");

    // What each side hands back, as JSON bytes per case (not timed): the work differs.
    let mean_bytes = |f: &dyn Fn(usize) -> usize| (0..CASES).map(f).sum::<usize>() / CASES;
    let zen_bytes = |decision: &Decision, i: usize| {
        let options = EvaluationOptions {
            trace: true,
            ..Default::default()
        };
        let response = rt
            .block_on(decision.evaluate_with_opts(inputs[i].clone(), options))
            .unwrap();
        serde_json::to_string(&response).unwrap().len()
    };
    println!(
        "output size, mean JSON bytes per case: safeguarding-rules full determination {}; zen decision table trace on {}; zen expression trace on {}",
        mean_bytes(&|i| facts[i].evaluate().to_json().len()),
        mean_bytes(&|i| zen_bytes(&table, i)),
        mean_bytes(&|i| zen_bytes(&expression, i)),
    );

    // 2. Timing. Each round runs every engine once over all cases, so that the load on a
    // busy machine falls on every engine alike; a round's figure is its mean per evaluation.
    type Pass<'a> = Box<dyn Fn() -> Duration + 'a>;
    let zen_pass = |decision: &'static str, trace: bool| -> Pass<'_> {
        let decision = if decision == "table" {
            &table
        } else {
            &expression
        };
        let rt = &rt;
        let inputs = &inputs;
        Box::new(move || {
            let options = EvaluationOptions {
                trace,
                ..Default::default()
            };
            rt.block_on(async {
                let start = Instant::now();
                for input in inputs {
                    let response = decision
                        .evaluate_with_opts(black_box(input).clone(), options)
                        .await
                        .unwrap();
                    black_box(response);
                }
                start.elapsed()
            })
        })
    };
    let engines: Vec<(&str, &str, Pass<'_>)> = vec![
        (
            "safeguarding-rules",
            "outcome only",
            Box::new(|| {
                let start = Instant::now();
                for f in &facts {
                    black_box(black_box(f).outcome());
                }
                start.elapsed()
            }),
        ),
        (
            "safeguarding-rules",
            "full determination",
            Box::new(|| {
                let start = Instant::now();
                for f in &facts {
                    black_box(black_box(f).evaluate());
                }
                start.elapsed()
            }),
        ),
        (
            "zen-engine decision table",
            "trace off",
            zen_pass("table", false),
        ),
        (
            "zen-engine decision table",
            "trace on",
            zen_pass("table", true),
        ),
        (
            "zen-engine expression",
            "trace off",
            zen_pass("expression", false),
        ),
        (
            "zen-engine expression",
            "trace on",
            zen_pass("expression", true),
        ),
    ];

    let mut per_round: Vec<Vec<f64>> = vec![Vec::new(); engines.len()];
    for round in 0..WARMUP_ROUNDS + ROUNDS {
        for (k, (_, _, pass)) in engines.iter().enumerate() {
            let ns = pass().as_nanos() as f64 / CASES as f64;
            if round >= WARMUP_ROUNDS {
                per_round[k].push(ns);
            }
        }
    }
    if std::env::var_os("PEERS_ROUNDS").is_some() {
        for (k, (engine, mode, _)) in engines.iter().enumerate() {
            eprintln!(
                "{engine} / {mode}: {:?}",
                per_round[k].iter().map(|x| x.round()).collect::<Vec<_>>()
            );
        }
    }
    let medians: Vec<f64> = per_round.iter().map(|r| median(r.clone())).collect();
    let spread: Vec<(f64, f64)> = per_round
        .iter()
        .map(|r| {
            let min = r.iter().copied().fold(f64::INFINITY, f64::min);
            let max = r.iter().copied().fold(0.0, f64::max);
            (min, max)
        })
        .collect();

    println!();
    println!(
        "{ROUNDS} rounds after {WARMUP_ROUNDS} warm-up; ns per evaluation = median of the rounds' means over {CASES} cases"
    );
    println!(
        "| {:<26} | {:<18} | {:>16} | {:>21} |",
        "engine", "mode", "median ns / eval", "min .. max of rounds"
    );
    println!("|{:-<28}|{:-<20}|{:->18}|{:->23}|", "", "", ":", ":");
    for (k, (engine, mode, _)) in engines.iter().enumerate() {
        println!(
            "| {:<26} | {:<18} | {:>16.1} | {:>21} |",
            engine,
            mode,
            medians[k],
            format!("{:.1} .. {:.1}", spread[k].0, spread[k].1)
        );
    }
    println!();
    let (outcome, full) = (medians[0], medians[1]);
    println!(
        "speedup vs zen-engine decision table, trace off: {:.1}x",
        medians[2] / outcome
    );
    println!(
        "speedup vs zen-engine decision table, trace on: {:.1}x",
        medians[3] / full
    );
    println!(
        "speedup vs zen-engine expression, trace off: {:.1}x",
        medians[4] / outcome
    );
    println!(
        "speedup vs zen-engine expression, trace on: {:.1}x",
        medians[5] / full
    );
}
