//! The engine against its floors, on generated inputs.
//!
//! Groups (each input set built deterministically at startup):
//! - `s44/outcome_only`: `Facts::outcome` over 4,096 complete s44 cases (per case);
//! - `s44/full_determination`: `Facts::evaluate` over the same cases (trace, possible
//!   outcomes, missing facts with answers, next question, notes; no counterfactuals);
//! - `s44/json_to_json`: case JSON text in, determination JSON text out (compact, as a
//!   system would exchange it; [`Determination::to_json`]'s indented form is for people);
//! - `s44/load`: load, validate and compile the s44 pack (its drop not timed);
//! - `s44/fingerprint`: the rule text's fingerprint, computed on first use after loading;
//! - `floor/*`: a hand-written function over a struct of booleans, its three-valued
//!   version, and serde_json parsing the same case text, in the same run;
//! - `unknowns/*`: nothing known: the s44 pack and the synthetic 40-fact rule set (exact
//!   missing facts, their answers and the next question);
//! - `limits/widest_trace`: the largest trace the limits allow, nothing known;
//! - `limits/missing_facts`, `limits/case_split`: the slowest rule sets found within the
//!   limits (`benches/limits/mod.rs`): the most work for the missing facts, nothing known,
//!   and a case split at its 16 branches with the most candidates to try
//!   (`limits/case_split`) or the most text in each branch's trace
//!   (`limits/case_split_text`);
//! - `replay/*`: replaying records from the demo audit log beside parsing them.
//!
//! Run with `cargo bench --bench engine`.

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use safeguarding_rules::{Facts, Options, RuleBook, RuleSet, replay};
use serde_json::{Value, json};

#[path = "../examples/common/splitmix.rs"]
mod splitmix;

#[path = "limits/mod.rs"]
mod limits;

use splitmix::SplitMix;

const CASES: usize = 4096;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A complete s44 case as plain data, for the floors.
#[derive(Clone, Copy)]
struct Plain {
    age: bool,
    area: bool,
    needs: bool,
    concern: bool,
    died: bool,
    /// 0 known, 1 suspected, 2 not suspected: death, serious, and the three examples.
    knowledge: [u8; 5],
}

const LEVELS: [&str; 3] = ["known", "suspected", "not_suspected"];
const KNOWLEDGE: [&str; 5] = [
    "death_from_abuse_or_neglect",
    "serious_abuse_or_neglect",
    "likely_died_but_for_intervention",
    "permanent_harm",
    "reduced_capacity_or_quality_of_life",
];

fn plain_cases() -> Vec<Plain> {
    let mut rng = SplitMix(44);
    (0..CASES)
        .map(|_| {
            let r = rng.next();
            let bit = |i: u32| r >> i & 1 == 1;
            let mut knowledge = [0u8; 5];
            for (i, k) in knowledge.iter_mut().enumerate() {
                *k = ((r >> (8 + 2 * i)) % 3) as u8;
            }
            // Mostly in scope, so every outcome and condition is exercised.
            Plain {
                age: bit(0) || bit(1),
                area: bit(2) || bit(3),
                needs: bit(4) || bit(5),
                concern: bit(6),
                died: bit(7),
                knowledge,
            }
        })
        .collect()
}

fn case_json(p: &Plain) -> Value {
    let mut facts = serde_json::Map::new();
    facts.insert("age_18_or_over".into(), json!(p.age));
    facts.insert("in_board_area".into(), json!(p.area));
    facts.insert("care_and_support_needs".into(), json!(p.needs));
    facts.insert("joint_working_concern".into(), json!(p.concern));
    facts.insert(
        "adult_status".into(),
        json!(if p.died { "died" } else { "alive" }),
    );
    for (i, f) in KNOWLEDGE.iter().enumerate() {
        // The question about the death presupposes that the adult died.
        if i == 0 && !p.died {
            continue;
        }
        facts.insert((*f).into(), json!(LEVELS[p.knowledge[i] as usize]));
    }
    json!({"rule_set": "care-act-2014-s44", "facts": facts})
}

fn bind<'r>(rules: &'r RuleSet, p: &Plain) -> Facts<'r> {
    let mut facts = rules.facts();
    for (k, v) in case_json(p)["facts"].as_object().unwrap() {
        facts.set(k, v.clone()).unwrap();
    }
    facts
}

/// The floor: section 44 by hand over a struct of booleans.
fn by_hand(p: &Plain) -> u8 {
    let ks = |k: u8| k != 2;
    let in_scope = p.age && p.area && p.needs;
    let c1 = p.died && ks(p.knowledge[0]);
    let c2 = !p.died && p.knowledge[1..].iter().any(|k| ks(*k));
    if in_scope && p.concern && (c1 || c2) {
        0
    } else if in_scope {
        1
    } else {
        2
    }
}

/// Its three-valued version: every fact an `Option`, Kleene logic, `None` when open.
fn by_hand_kleene(p: &[Option<bool>; 5], knowledge: &[Option<u8>; 5]) -> Option<u8> {
    fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
        match (a, b) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        }
    }
    fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
        match (a, b) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        }
    }
    let ks = |k: Option<u8>| k.map(|k| k != 2);
    let in_scope = and(and(p[0], p[1]), p[2]);
    let died = p[4];
    let c1 = and(died, ks(knowledge[0]));
    // Kleene "or" over the four: an unknown one does not end the search.
    let mut serious = Some(false);
    for k in &knowledge[1..] {
        serious = or(serious, ks(*k));
    }
    let c2 = and(died.map(|d| !d), serious);
    let mandatory = and(and(in_scope, p[3]), or(c1, c2));
    match (mandatory, in_scope) {
        (Some(true), _) => Some(0),
        (Some(false), Some(true)) => Some(1),
        (Some(false), Some(false)) => Some(2),
        _ => None,
    }
}

fn bench_s44(c: &mut Criterion) {
    let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    let plain = plain_cases();
    let facts: Vec<Facts> = plain.iter().map(|p| bind(&rules, p)).collect();
    let texts: Vec<String> = plain.iter().map(|p| case_json(p).to_string()).collect();
    // Every path agrees before anything is timed.
    let ids = [
        "mandatory_review",
        "discretionary_review",
        "outside_section_44",
    ];
    for (p, f) in plain.iter().zip(&facts) {
        let expected = ids[by_hand(p) as usize];
        assert_eq!(f.outcome(), Some(expected));
        assert_eq!(f.evaluate().outcome, expected);
    }
    let mut g = c.benchmark_group("s44");
    g.throughput(Throughput::Elements(CASES as u64));
    g.bench_function("outcome_only", |b| {
        b.iter(|| facts.iter().filter_map(|f| black_box(f).outcome()).count())
    });
    g.bench_function("full_determination", |b| {
        b.iter(|| {
            facts
                .iter()
                .map(|f| black_box(f).evaluate().trace.len())
                .sum::<usize>()
        })
    });
    g.bench_function("json_to_json", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    let det = rules.evaluate_json(black_box(t)).unwrap();
                    serde_json::to_string(&det).unwrap().len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
    let mut g = c.benchmark_group("floor");
    g.throughput(Throughput::Elements(CASES as u64));
    g.bench_function("by_hand", |b| {
        b.iter(|| {
            plain
                .iter()
                .map(|p| by_hand(black_box(p)) as usize)
                .sum::<usize>()
        })
    });
    type Kleene = ([Option<bool>; 5], [Option<u8>; 5]);
    let kleene: Vec<Kleene> = plain
        .iter()
        .map(|p| {
            (
                [
                    Some(p.age),
                    Some(p.area),
                    Some(p.needs),
                    Some(p.concern),
                    Some(p.died),
                ],
                p.knowledge.map(Some),
            )
        })
        .collect();
    g.bench_function("by_hand_three_valued", |b| {
        b.iter(|| {
            kleene
                .iter()
                .filter_map(|(p, k)| by_hand_kleene(black_box(p), black_box(k)))
                .count()
        })
    });
    g.bench_function("serde_json_parse", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    serde_json::from_str::<Value>(black_box(t))
                        .unwrap()
                        .is_object() as usize
                })
                .sum::<usize>()
        })
    });
    g.finish();
    let text = std::fs::read_to_string(root().join("rules/care-act-2014-s44.json")).unwrap();
    // A loaded rule set lives for the life of the program: dropping it is not loading.
    c.bench_function("s44/load", |b| {
        b.iter_with_large_drop(|| RuleSet::from_json(black_box(&text)).unwrap())
    });
    // The fingerprint is computed on first use, then kept: measure that first use.
    c.bench_function("s44/fingerprint", |b| {
        b.iter_batched_ref(
            || RuleSet::from_json(&text).unwrap(),
            |rules| rules.fingerprint().len(),
            BatchSize::SmallInput,
        )
    });
}

/// Rules that each refer twice to the next, so the trace doubles with every rule: the
/// widest one the limits accept.
fn widest_trace() -> RuleSet {
    for n in (1..16).rev() {
        let rules: Vec<Value> = (0..n)
            .map(|i| {
                let condition = if i + 1 < n {
                    json!({"all": [{"rule": format!("r{}", i + 1)}, {"not": {"rule": format!("r{}", i + 1)}}]})
                } else {
                    json!({"any": [{"fact": "x"}, {"fact": "y"}]})
                };
                json!({"id": format!("r{i}"), "cites": ["p"], "holds": "h", "fails": "f", "condition": condition})
            })
            .collect();
        let file = json!({"id": "wide", "title": "W", "version": "1", "in_force_from": "2020-01-01",
            "source": {"title": "W", "url": "https://example.org"},
            "provisions": [{"id": "p", "cite": "P", "text": "t", "url": "https://example.org/p"}],
            "facts": [{"id": "x", "type": "bool", "question": "X?", "cites": ["p"]},
                      {"id": "y", "type": "bool", "question": "Y?", "cites": ["p"]}],
            "rules": rules,
            "outcomes": [{"id": "a", "cites": ["p"], "holds": "h", "fails": "f", "condition": {"any": [{"rule": "r0"}, {"fact": "x"}]}},
                         {"id": "b", "cites": ["p"], "holds": "h"}]});
        if let Ok(rules) = RuleSet::from_json(&file.to_string()) {
            return rules;
        }
    }
    panic!("no widest-trace rule set loads")
}

fn bench_unknowns(c: &mut Criterion) {
    let s44 = RuleSet::embedded("care-act-2014-s44").unwrap();
    let text = std::fs::read_to_string(root().join("benches/synthetic-40.json")).unwrap();
    let synthetic = RuleSet::from_json(&text).unwrap();
    let wide = widest_trace();
    let (empty44, empty40, empty_wide) = (s44.facts(), synthetic.facts(), wide.facts());
    assert_eq!(empty44.evaluate().missing_facts.len(), 10);
    assert!(empty40.evaluate().next_question.is_some());
    let mut g = c.benchmark_group("unknowns");
    g.bench_function("s44_nothing_known", |b| {
        b.iter(|| black_box(&empty44).evaluate())
    });
    g.bench_function("synthetic_40_nothing_known", |b| {
        b.iter(|| black_box(&empty40).evaluate())
    });
    g.finish();
    c.bench_function("limits/widest_trace", |b| {
        b.iter(|| black_box(&empty_wide).evaluate())
    });
    let (what, pairs) = limits::missing_facts_pairs();
    let empty_pairs = pairs.facts();
    let det = empty_pairs.evaluate();
    assert!(
        det.next_question.is_some() && det.missing_facts.len() > 16,
        "{what}"
    );
    println!("limits/missing_facts: {what}");
    c.bench_function("limits/missing_facts", |b| {
        b.iter(|| black_box(&empty_pairs).evaluate())
    });
    let (what, split) = limits::case_split_worst();
    let mut gated = split.facts();
    gated.set("gate", json!(true)).unwrap();
    let det = gated.evaluate();
    assert_eq!(det.outcome, "open", "{what}");
    assert!(det.case_split.is_some(), "{what}");
    println!("limits/case_split: {what}");
    c.bench_function("limits/case_split", |b| {
        b.iter(|| black_box(&gated).evaluate())
    });
    let (what, wordy) = limits::case_split_text_worst();
    let mut wordy_gated = wordy.facts();
    wordy_gated.set("gate", json!(true)).unwrap();
    let det = wordy_gated.evaluate();
    assert_eq!(det.outcome, "open", "{what}");
    assert!(det.case_split.is_some(), "{what}");
    println!("limits/case_split_text: {what}");
    c.bench_function("limits/case_split_text", |b| {
        b.iter(|| black_box(&wordy_gated).evaluate())
    });
    let (what, many, answers) = limits::counterfactuals_worst();
    let mut given = many.facts();
    for (k, v) in &answers {
        given.set(k, v.clone()).unwrap();
    }
    let asked = Options::default().with_counterfactuals(true);
    assert!(
        given.evaluate_with(asked).counterfactuals.is_some(),
        "{what}"
    );
    println!("limits/counterfactuals: {what}");
    c.bench_function("limits/counterfactuals", |b| {
        b.iter(|| black_box(&given).evaluate_with(asked))
    });
}

fn bench_replay(c: &mut Criterion) {
    let book = RuleBook::embedded();
    let sample = std::fs::read_to_string(root().join("examples/records/sample.jsonl")).unwrap();
    let lines: Vec<&str> = sample.lines().take(200).collect();
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    let mut g = c.benchmark_group("replay");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("replay_200_records", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter(|l| replay(&book, black_box(l)).verdict.name() == "matched")
                .count()
        })
    });
    g.bench_function("parse_200_records", |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|l| {
                    serde_json::from_str::<Value>(black_box(l))
                        .unwrap()
                        .is_object() as usize
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_s44, bench_unknowns, bench_replay);
criterion_main!(benches);
