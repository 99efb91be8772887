//! Generates the synthetic rule set used to show that exactness stays fast: 40 facts
//! (30 bool, 5 enum of 3 values, 5 knowledge), 25 rules (each an `all`, `any` or `not`
//! over 2 to 5 facts or earlier rules), 5 outcomes, the last unconditional.
//!
//! ```text
//! cargo run --example synthetic -- [--seed N] > benches/synthetic-40.json
//! ```
//!
//! The output is deterministic for a seed; the committed file was made with the default
//! seed, and a test checks that regenerating it gives the same bytes.

mod common;

use common::splitmix::SplitMix;

use std::process::ExitCode;

use serde_json::{Value, json};

/// The seed of the committed `benches/synthetic-40.json`.
const DEFAULT_SEED: u64 = 2026;

/// Generates the synthetic 40-fact rule set of the benchmarks.
#[derive(clap::Parser)]
#[command(name = "synthetic", version)]
struct Args {
    /// The generator's seed.
    #[arg(long, value_name = "N")]
    seed: Option<String>,
}

fn main() -> ExitCode {
    let args = match common::parse_args::<Args>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let seed = match args.seed {
        None => DEFAULT_SEED,
        Some(s) => match s.parse() {
            Ok(n) => n,
            Err(_) => return common::fail(format!("`--seed` expects a number, found `{s}`")),
        },
    };
    // Some seeds give an outcome that can never be reached; take the first that loads.
    for attempt in 0..1000u64 {
        let doc = generate(seed.wrapping_add(attempt));
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        if safeguarding_rules::RuleSet::from_json(&text).is_ok() {
            println!("{text}");
            return ExitCode::SUCCESS;
        }
    }
    common::fail("no loadable rule set in 1000 attempts")
}

fn generate(seed: u64) -> Value {
    let mut rng = SplitMix(seed);
    let mut facts = Vec::new();
    let mut tests: Vec<Value> = Vec::new();
    for i in 0..40 {
        let id = format!("f{i:02}");
        let (fact, test) = match i {
            0..30 => (json!({"id": id, "type": "bool"}), json!({"fact": id})),
            30..35 => {
                let values = ["a", "b", "c"];
                let v = values[rng.below(3)];
                (
                    json!({"id": id, "type": "enum", "values": values}),
                    json!({"fact": id, "is": v}),
                )
            }
            _ => {
                let pick = [["known"], ["suspected"], ["not_suspected"]][rng.below(3)];
                (
                    json!({"id": id, "type": "knowledge"}),
                    json!({"fact": id, "in": pick}),
                )
            }
        };
        let mut fact = fact;
        fact["question"] = json!(format!("Synthetic question {i}?"));
        fact["cites"] = json!(["p1"]);
        facts.push(fact);
        tests.push(test);
    }
    // Each fact is used at least once: facts are dealt out in order, topped up at random.
    let mut next_fact = 0;
    let mut rules = Vec::new();
    let mut referenced = [false; 25];
    for r in 0..25 {
        let width = 2 + rng.below(4);
        let mut items = Vec::new();
        for _ in 0..width {
            if next_fact < tests.len() && (rng.below(3) > 0 || r >= 17) {
                items.push(tests[next_fact].clone());
                next_fact += 1;
            } else if r > 0 && rng.below(2) == 0 {
                let earlier = rng.below(r);
                referenced[earlier] = true;
                items.push(json!({"rule": format!("r{earlier:02}")}));
            } else {
                items.push(tests[rng.below(tests.len())].clone());
            }
        }
        let condition = match rng.below(3) {
            0 => json!({"all": items}),
            1 => json!({"any": items}),
            _ => json!({"not": {"any": items}}),
        };
        rules.push(json!({
            "id": format!("r{r:02}"), "cites": ["p1"],
            "holds": format!("synthetic rule {r} holds"), "fails": format!("synthetic rule {r} fails"),
            "condition": condition
        }));
    }
    while next_fact < tests.len() {
        if let Some(rule) = rules.last_mut() {
            let key = ["all", "any"]
                .into_iter()
                .find(|k| rule["condition"].get(*k).is_some());
            match key {
                Some(k) => rule["condition"][k]
                    .as_array_mut()
                    .map(|a| a.push(tests[next_fact].clone())),
                None => rule["condition"]["not"]["any"]
                    .as_array_mut()
                    .map(|a| a.push(tests[next_fact].clone())),
            };
        }
        next_fact += 1;
    }
    // Outcomes use the rules nothing else refers to, so every rule is used.
    let unreferenced: Vec<usize> = (0..25).filter(|r| !referenced[*r]).collect();
    let mut outcomes = Vec::new();
    for o in 0..4 {
        let mine: Vec<Value> = unreferenced
            .iter()
            .filter(|r| *r % 4 == o)
            .map(|r| json!({"rule": format!("r{r:02}")}))
            .collect();
        let condition = match mine.len() {
            0 => json!({"rule": format!("r{:02}", 24 - o)}),
            1 => mine[0].clone(),
            _ if rng.below(2) == 0 => json!({"all": mine}),
            _ => json!({"any": mine}),
        };
        outcomes.push(json!({
            "id": format!("o{o}"), "cites": ["p1"],
            "holds": format!("outcome {o}"), "fails": format!("not outcome {o}"),
            "condition": condition
        }));
    }
    outcomes.push(json!({"id": "o4", "cites": ["p1"], "holds": "outcome 4"}));
    json!({
        "id": "synthetic-40", "title": format!("Synthetic rule set (seed {seed})"),
        "version": "1", "in_force_from": "2000-01-01",
        "source": {"title": "Synthetic, generated by examples/synthetic.rs", "url": "https://example.org/synthetic"},
        "provisions": [{"id": "p1", "cite": "Synthetic p1", "text": "A synthetic provision.", "url": "https://example.org/synthetic#p1"}],
        "facts": facts, "rules": rules, "outcomes": outcomes
    })
}
