//! Turns `structured_rules` inputs (raw fuzzer bytes, such as a crash artifact) into the
//! JSON form kept in `tests/fuzz_regressions/`, and reports how often generated rule
//! files load.
//!
//! ```text
//! cargo run --release --example structured_dump -- FILE...      # regression JSON for each
//! cargo run --release --example structured_dump -- --stats N    # N pseudo-random draws
//! ```

use arbitrary::{Arbitrary, Unstructured};
use safeguarding_rules_fuzz::structured::Generated;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--stats") {
        let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let (mut loaded, mut cases) = (0, 0);
        let mut first_error = std::collections::BTreeMap::<String, usize>::new();
        for _ in 0..n {
            let bytes: Vec<u8> = (0..512)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed >> 24) as u8
                })
                .collect();
            let Ok(g) = Generated::arbitrary_take_rest(Unstructured::new(&bytes)) else {
                continue;
            };
            match safeguarding_rules::RuleSet::from_json(&g.rules_text) {
                Ok(_) => {
                    loaded += 1;
                    cases += g.cases.len();
                    safeguarding_rules_fuzz::check::structured(&g.rules_text, &g.cases);
                }
                Err(e) => {
                    let kind = e
                        .problems()
                        .first()
                        .map(|p| p.message.clone())
                        .unwrap_or_else(|| e.to_string());
                    let kind: String = kind
                        .split(|c: char| c == '`' || c.is_ascii_digit())
                        .next()
                        .unwrap_or("")
                        .to_string();
                    *first_error.entry(kind).or_default() += 1;
                }
            }
        }
        println!("{loaded} of {n} generated rule files loaded; {cases} cases evaluated");
        let mut errors: Vec<_> = first_error.into_iter().collect();
        errors.sort_by_key(|e| std::cmp::Reverse(e.1));
        for (kind, count) in errors.iter().take(15) {
            println!("{count:>6}  {kind}");
        }
        return;
    }
    for path in args {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let g = Generated::arbitrary_take_rest(Unstructured::new(&bytes))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        println!("{}", g.to_regression_json());
    }
}
