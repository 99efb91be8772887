//! A structure-aware description of a small rule set and some cases over it, drawn with
//! `arbitrary` and written out in the rule file's wire format.
//!
//! The generator aims at files that load: conditions refer only to declared facts and
//! values, rules only to earlier rules, every fact and rule is used (an unused fact is
//! marked `recorded_only` or tested by a note), the last outcome is unconditional and the
//! others have `fails`. One draw in four is sloppy: there, one choice in sixteen is a
//! deliberate mistake, so that validation's error paths are fuzzed too. Cases give each fact
//! nothing, `null`, a declared value, or `{"value": …, "source": …}`.

use std::collections::BTreeSet;
use std::fmt;

use arbitrary::{Arbitrary, Result, Unstructured};
use serde_json::{Map, Value, json};

/// A generated rule file and cases.
#[derive(Clone)]
pub struct Generated {
    /// The rule file's text, as given to `RuleSet::from_json`.
    pub rules_text: String,
    /// Cases, as JSON.
    pub cases: Vec<Value>,
}

impl Generated {
    /// The form saved in `tests/fuzz_regressions/structured_rules-*.json`.
    pub fn to_regression_json(&self) -> String {
        let v = json!({"rules": self.rules_text, "cases": self.cases});
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }
}

impl fmt::Debug for Generated {
    /// The regression form, with the rule file pretty-printed, so that `cargo fuzz fmt`
    /// shows what was generated.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rules: Value = serde_json::from_str(&self.rules_text).unwrap_or(Value::Null);
        let pretty = serde_json::to_string_pretty(&rules).unwrap_or_default();
        writeln!(f, "rule file:\n{pretty}")?;
        for c in &self.cases {
            writeln!(f, "case: {c}")?;
        }
        writeln!(f, "regression file:\n{}", self.to_regression_json())
    }
}

impl<'a> Arbitrary<'a> for Generated {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        generate(u)
    }
}

const KNOWLEDGE: [&str; 3] = ["known", "suspected", "not_suspected"];

#[derive(Clone, Debug)]
enum Kind {
    Bool,
    Enum(Vec<String>),
    Knowledge,
    Set(Vec<String>),
    /// Inclusive bounds, either left out.
    Integer(Option<i64>, Option<i64>),
    /// Inclusive bounds as days from 1970-01-01, either left out.
    Date(Option<i64>, Option<i64>),
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (proleptic Gregorian).
fn date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

impl Kind {
    /// A number's inclusive range (a date's in days), with a span to draw from when unbounded.
    fn range(&self) -> Option<(i64, i64)> {
        match *self {
            Kind::Integer(lo, hi) | Kind::Date(lo, hi) => {
                let lo2 = lo.unwrap_or_else(|| hi.map_or(0, |h| h - 50));
                Some((lo2, hi.unwrap_or(lo2 + 50).max(lo2)))
            }
            _ => None,
        }
    }

    /// A number or date of the range as JSON.
    fn number(&self, v: i64) -> Value {
        match self {
            Kind::Date(..) => json!(date(v)),
            _ => json!(v),
        }
    }
}

impl Kind {
    fn name(&self) -> &'static str {
        match self {
            Kind::Bool => "bool",
            Kind::Enum(_) => "enum",
            Kind::Knowledge => "knowledge",
            Kind::Set(_) => "set",
            Kind::Integer(..) => "integer",
            Kind::Date(..) => "date",
        }
    }
    /// The scalar values as JSON (not for sets).
    fn scalars(&self) -> Vec<Value> {
        match self {
            Kind::Bool => vec![json!(false), json!(true)],
            Kind::Enum(v) => v.iter().map(|s| json!(s)).collect(),
            Kind::Knowledge => KNOWLEDGE.iter().map(|s| json!(s)).collect(),
            Kind::Set(_) | Kind::Integer(..) | Kind::Date(..) => Vec::new(),
        }
    }
}

struct FactGen {
    id: String,
    kind: Kind,
}

/// True one time in `n`; false when the input has run out.
fn rare(u: &mut Unstructured<'_>, n: u8) -> Result<bool> {
    Ok(u.int_in_range(0..=n - 1)? == n - 1)
}

/// Whether to make a deliberate mistake here: never in a careful draw (three in four),
/// one time in sixteen in a sloppy one.
fn mistake(u: &mut Unstructured<'_>, sloppy: bool) -> Result<bool> {
    if sloppy { rare(u, 16) } else { Ok(false) }
}

fn pick(u: &mut Unstructured<'_>, len: usize) -> Result<usize> {
    if len == 0 {
        return Ok(0);
    }
    u.int_in_range(0..=len - 1)
}

/// Plain wording, or now and then an arbitrary string from the input (markdown
/// punctuation, control characters, right-to-left text…), to exercise the renderings.
fn wording(u: &mut Unstructured<'_>, plain: String) -> Result<String> {
    if rare(u, 8)? {
        let s: String = u.arbitrary()?;
        if !s.trim().is_empty() && s.len() <= 80 {
            return Ok(s);
        }
    }
    Ok(plain)
}

fn generate(u: &mut Unstructured<'_>) -> Result<Generated> {
    let sloppy = rare(u, 4)?;
    // Provisions.
    let n_prov = u.int_in_range(1..=2usize)?;
    let mut provisions = Vec::new();
    for k in 0..n_prov {
        provisions.push(json!({
            "id": format!("p{k}"),
            "cite": wording(u, format!("Test Act s{k}"))?,
            "text": wording(u, format!("Section {k} of the Test Act."))?,
            "url": format!("https://example.org/test-act/s{k}"),
        }));
    }
    let cites = |u: &mut Unstructured<'_>| -> Result<Value> {
        if mistake(u, sloppy)? {
            return Ok(if u.arbitrary()? {
                json!([])
            } else {
                json!(["p9"])
            });
        }
        let first = pick(u, n_prov)?;
        let mut list = vec![format!("p{first}")];
        if n_prov > 1 && u.arbitrary::<bool>()? {
            list.push(format!("p{}", 1 - first));
        }
        Ok(json!(list))
    };

    // Facts.
    let n_facts = u.int_in_range(1..=6usize)?;
    let mut facts: Vec<FactGen> = Vec::new();
    let mut fact_docs: Vec<Map<String, Value>> = Vec::new();
    for i in 0..n_facts {
        let values = |u: &mut Unstructured<'_>, min: usize, max: usize| -> Result<Vec<String>> {
            let n = if mistake(u, sloppy)? {
                // Too few for an enum, or more set members than the answers listed.
                if min == 2 { 1 } else { 7 }
            } else {
                u.int_in_range(min..=max)?
            };
            let mut out: Vec<String> = Vec::new();
            for k in 0..n {
                let v = wording(u, format!("v{k}"))?;
                if out.contains(&v) {
                    out.push(format!("v{k}"));
                } else {
                    out.push(v);
                }
            }
            out.dedup();
            Ok(out)
        };
        let bound = |u: &mut Unstructured<'_>, base: i64| -> Result<(Option<i64>, Option<i64>)> {
            let lo = base + i64::from(u.int_in_range(0..=40u8)?);
            let hi = lo + i64::from(u.int_in_range(1..=60u8)?);
            Ok(((!rare(u, 4)?).then_some(lo), (!rare(u, 4)?).then_some(hi)))
        };
        let kind = match u.int_in_range(0..=5u8)? {
            0 => Kind::Bool,
            1 => Kind::Enum(values(u, 2, 4)?),
            2 => Kind::Knowledge,
            3 => Kind::Set(values(u, 1, 4)?),
            4 => {
                let (lo, hi) = bound(u, -5)?;
                Kind::Integer(lo, hi)
            }
            _ => {
                // Around 2018-06-29 (17711 days from 1970-01-01), a day apart or a year.
                let (lo, hi) = bound(u, 17_700)?;
                if u.arbitrary()? {
                    Kind::Date(lo, hi)
                } else {
                    Kind::Date(
                        lo.map(|d| 17_700 + (d - 17_700) * 30),
                        hi.map(|d| 17_700 + (d - 17_700) * 30),
                    )
                }
            }
        };
        let mut doc = Map::new();
        let id = format!("f{i}");
        doc.insert("id".into(), json!(id));
        doc.insert("type".into(), json!(kind.name()));
        match &kind {
            Kind::Enum(v) | Kind::Set(v) => {
                doc.insert("values".into(), json!(v));
            }
            Kind::Integer(lo, hi) | Kind::Date(lo, hi) => {
                if let Some(lo) = lo {
                    doc.insert("min".into(), kind.number(*lo));
                }
                if let Some(hi) = hi {
                    doc.insert("max".into(), kind.number(*hi));
                }
                if mistake(u, sloppy)? {
                    // Bounds the wrong way round, or of the wrong kind.
                    doc.insert("min".into(), kind.number(100_000));
                    doc.insert("max".into(), json!(1.5));
                }
            }
            _ => {}
        }
        doc.insert(
            "question".into(),
            json!(wording(u, format!("Is f{i} so?"))?),
        );
        doc.insert("cites".into(), cites(u)?);
        // A presupposition on an earlier fact, so that they never form a cycle.
        if i > 0 && rare(u, 4)? {
            let j = pick(u, i)?;
            let target = &facts[j];
            let scalars = target.kind.scalars();
            if !scalars.is_empty() {
                let is = scalars[pick(u, scalars.len())?].clone();
                doc.insert("presupposes".into(), json!({"fact": target.id, "is": is}));
            } else if mistake(u, sloppy)? {
                doc.insert("presupposes".into(), json!({"fact": target.id, "is": "v0"}));
            }
        }
        facts.push(FactGen { id, kind });
        fact_docs.push(doc);
    }
    let presupposed: BTreeSet<usize> = fact_docs
        .iter()
        .filter_map(|d| {
            d.get("presupposes")?
                .get("fact")?
                .as_str()
                .map(str::to_string)
        })
        .filter_map(|id| facts.iter().position(|f| f.id == id))
        .collect();

    // Rules: each refers only to earlier rules.
    let n_rules = u.int_in_range(0..=3usize)?;
    let mut rules = Vec::new();
    let mut rule_facts: Vec<BTreeSet<usize>> = Vec::new();
    let mut rule_used = vec![false; n_rules];
    for k in 0..n_rules {
        let mut used = Used::default();
        let condition = condition(u, 3, &facts, k, sloppy, &mut used)?;
        let mut fs = used.facts.clone();
        for r in &used.rules {
            fs.extend(rule_facts[*r].iter().copied());
            rule_used[*r] = true;
        }
        rule_facts.push(fs);
        rules.push(json!({
            "id": format!("r{k}"),
            "cites": cites(u)?,
            "holds": wording(u, format!("r{k} holds"))?,
            "fails": wording(u, format!("r{k} fails"))?,
            "condition": condition,
        }));
    }

    // Outcomes: some conditional, then the last unconditional.
    let n_cond = u.int_in_range(0..=3usize)?;
    let mut outcomes = Vec::new();
    let mut outcome_facts = BTreeSet::new();
    for k in 0..n_cond {
        let mut used = Used::default();
        let condition = condition(u, 3, &facts, n_rules, sloppy, &mut used)?;
        outcome_facts.extend(used.facts.iter().copied());
        for r in &used.rules {
            outcome_facts.extend(rule_facts[*r].iter().copied());
            rule_used[*r] = true;
        }
        let mut o = json!({
            "id": format!("o{k}"),
            "cites": cites(u)?,
            "holds": wording(u, format!("outcome o{k}"))?,
            "condition": condition,
        });
        if !mistake(u, sloppy)? {
            o["fails"] = json!(wording(u, format!("not o{k}"))?);
        }
        outcomes.push(o);
    }
    let last_id = if mistake(u, sloppy)? {
        "undetermined".to_string()
    } else {
        "otherwise".to_string()
    };
    let mut last = json!({"id": last_id, "cites": cites(u)?, "holds": "none of the above"});
    if mistake(u, sloppy)? {
        last["condition"] = json!({"fact": facts[0].id, "given": true});
    }
    outcomes.push(last);

    // Notes.
    let n_notes = u.int_in_range(0..=2usize)?;
    let mut notes = Vec::new();
    let mut note_facts = BTreeSet::new();
    for k in 0..n_notes {
        let mut used = Used::default();
        let condition = condition(u, 2, &facts, n_rules, sloppy, &mut used)?;
        note_facts.extend(used.facts.iter().copied());
        for r in &used.rules {
            note_facts.extend(rule_facts[*r].iter().copied());
            rule_used[*r] = true;
        }
        notes.push(json!({
            "id": format!("n{k}"),
            "cites": cites(u)?,
            "text": wording(u, format!("note n{k}"))?,
            "condition": condition,
        }));
    }

    // Constraints: facts only (no `given`, no rules), mostly an implication or an
    // equivalence of two conditions; a sloppy draw may break one.
    let n_constraints = if rare(u, 2)? {
        u.int_in_range(1..=2usize)?
    } else {
        0
    };
    let mut constraints = Vec::new();
    let mut constraint_facts = BTreeSet::new();
    for k in 0..n_constraints {
        let mut used = Used::default();
        let a = condition_of_facts(u, 2, &facts, sloppy, &mut used)?;
        let b = condition_of_facts(u, 2, &facts, sloppy, &mut used)?;
        constraint_facts.extend(used.facts.iter().copied());
        let condition = match u.int_in_range(0..=3u8)? {
            0 | 1 => json!({"any": [{"not": a}, b]}),
            2 => {
                json!({"any": [{"all": [a.clone(), b.clone()]}, {"all": [{"not": a}, {"not": b}]}]})
            }
            _ => json!({"any": [a, b]}),
        };
        let condition = if mistake(u, sloppy)? {
            match u.int_in_range(0..=2u8)? {
                0 => json!({"all": [condition.clone(), {"not": condition}]}),
                1 => json!({"fact": facts[0].id, "given": true}),
                _ => json!({"rule": "r0"}),
            }
        } else {
            condition
        };
        constraints.push(json!({
            "id": format!("c{k}"),
            "cites": cites(u)?,
            "says": wording(u, format!("constraint c{k}"))?,
            "condition": condition,
        }));
    }

    // Use every fact and rule, unless this draw leaves them unused on purpose.
    if !mistake(u, sloppy)? {
        let mut tests = Vec::new();
        for (i, f) in facts.iter().enumerate() {
            let used = outcome_facts.contains(&i)
                || note_facts.contains(&i)
                || presupposed.contains(&i)
                || constraint_facts.contains(&i);
            if used {
                continue;
            }
            if u.arbitrary::<bool>()? {
                fact_docs[i].insert("recorded_only".into(), json!(true));
            } else {
                tests.push(json!({"fact": f.id, "given": true}));
            }
        }
        for (r, used) in rule_used.iter().enumerate() {
            if !used {
                tests.push(json!({"rule": format!("r{r}")}));
            }
        }
        if !tests.is_empty() {
            notes.push(json!({
                "id": "uses",
                "cites": ["p0"],
                "text": "something is known",
                "condition": {"any": tests},
            }));
        }
    }

    let mut rule_file = json!({
        "id": "fuzz-rules",
        "title": wording(u, "Fuzzed rules".to_string())?,
        "version": "2024-01-01",
        "in_force_from": "2024-01-01",
        "source": {"title": "Test Act", "url": "https://example.org/test-act"},
        "provisions": provisions,
        "facts": fact_docs,
        "rules": rules,
        "outcomes": outcomes,
        "notes": notes,
    });
    if !constraints.is_empty() {
        rule_file["constraints"] = json!(constraints);
    }

    // Cases over the declared vocabulary.
    let n_cases = u.int_in_range(1..=4usize)?;
    let mut cases = Vec::new();
    for c in 0..n_cases {
        let mut given = Map::new();
        for f in &facts {
            let answer = match &f.kind {
                Kind::Set(values) => {
                    let mask: u8 = u.arbitrary()?;
                    let members: Vec<Value> = values
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| mask >> (k % 8) & 1 == 1)
                        .map(|(_, v)| json!(v))
                        .collect();
                    Value::Array(members)
                }
                kind @ (Kind::Integer(..) | Kind::Date(..)) => {
                    let (lo, hi) = kind.range().unwrap_or((0, 0));
                    kind.number(u.int_in_range(lo..=hi)?)
                }
                kind => {
                    let scalars = kind.scalars();
                    scalars[pick(u, scalars.len())?].clone()
                }
            };
            match u.int_in_range(0..=7u8)? {
                0..=2 => {}
                3 => {
                    given.insert(f.id.clone(), Value::Null);
                }
                4..=6 => {
                    given.insert(f.id.clone(), answer);
                }
                _ => {
                    let source = wording(u, format!("record {c}"))?;
                    given.insert(f.id.clone(), json!({"value": answer, "source": source}));
                }
            }
        }
        let mut case = json!({"facts": given});
        if u.arbitrary::<bool>()? {
            case["reference"] = json!(wording(u, format!("case-{c}"))?);
        }
        cases.push(case);
    }

    Ok(Generated {
        rules_text: rule_file.to_string(),
        cases,
    })
}

#[derive(Default)]
struct Used {
    facts: BTreeSet<usize>,
    rules: BTreeSet<usize>,
}

/// A condition of at most `depth` levels over `facts` and the first `n_rules` rules.
fn condition(
    u: &mut Unstructured<'_>,
    depth: u32,
    facts: &[FactGen],
    n_rules: usize,
    sloppy: bool,
    used: &mut Used,
) -> Result<Value> {
    let form = if depth == 0 {
        0
    } else {
        u.int_in_range(0..=6u8)?
    };
    Ok(match form {
        2 | 3 => {
            let n = if mistake(u, sloppy)? {
                0
            } else {
                u.int_in_range(1..=3usize)?
            };
            let mut parts = Vec::new();
            for _ in 0..n {
                parts.push(condition(u, depth - 1, facts, n_rules, sloppy, used)?);
            }
            if form == 2 {
                json!({ "all": parts })
            } else {
                json!({ "any": parts })
            }
        }
        4 => json!({"not": condition(u, depth - 1, facts, n_rules, sloppy, used)?}),
        5 if n_rules > 0 => {
            let r = pick(u, n_rules)?;
            used.rules.insert(r);
            json!({"rule": format!("r{r}")})
        }
        _ => fact_test(u, facts, sloppy, false, used)?,
    })
}

/// A condition of at most `depth` levels testing facts' values only, as a constraint's.
fn condition_of_facts(
    u: &mut Unstructured<'_>,
    depth: u32,
    facts: &[FactGen],
    sloppy: bool,
    used: &mut Used,
) -> Result<Value> {
    let form = if depth == 0 {
        0
    } else {
        u.int_in_range(0..=5u8)?
    };
    Ok(match form {
        2 | 3 => {
            let n = u.int_in_range(1..=2usize)?;
            let mut parts = Vec::new();
            for _ in 0..n {
                parts.push(condition_of_facts(u, depth - 1, facts, sloppy, used)?);
            }
            if form == 2 {
                json!({ "all": parts })
            } else {
                json!({ "any": parts })
            }
        }
        4 => json!({"not": condition_of_facts(u, depth - 1, facts, sloppy, used)?}),
        _ => fact_test(u, facts, sloppy, true, used)?,
    })
}

/// A test of one fact that suits its type (now and then one that does not).
fn fact_test(
    u: &mut Unstructured<'_>,
    facts: &[FactGen],
    sloppy: bool,
    plain: bool,
    used: &mut Used,
) -> Result<Value> {
    let i = pick(u, facts.len())?;
    used.facts.insert(i);
    let f = &facts[i];
    let id = &f.id;
    if mistake(u, sloppy)? {
        return Ok(match u.int_in_range(0..=8u8)? {
            0 => json!({"fact": id}),
            1 => json!({"fact": id, "contains": "nope"}),
            2 => json!({"fact": "no_such_fact"}),
            3 => json!({"fact": id, "is": "nope"}),
            4 => json!({"fact": id, "in": []}),
            5 => json!({"fact": id, "at_least": 17.5}),
            6 => json!({"fact": id, "before": "2023-02-30"}),
            7 => json!({"fact": id, "below": i64::MIN}),
            _ => json!({"fact": id, "given": "yes"}),
        });
    }
    // A constraint tests values only: its `given` tests become bare or `is` tests.
    let given = |u: &mut Unstructured<'_>| -> Result<Value> {
        Ok(match &f.kind {
            _ if !plain => json!({"fact": id, "given": u.arbitrary::<bool>()?}),
            Kind::Set(values) => json!({"fact": id, "contains": values[0]}),
            Kind::Integer(..) | Kind::Date(..) => {
                let (lo, _) = f.kind.range().unwrap_or((0, 0));
                json!({"fact": id, "is": f.kind.number(lo)})
            }
            kind => json!({"fact": id, "is": kind.scalars()[0]}),
        })
    };
    Ok(match &f.kind {
        kind @ (Kind::Integer(..) | Kind::Date(..)) => {
            // A threshold inside the range, so that some value passes and some fails.
            let (lo, hi) = kind.range().unwrap_or((0, 1));
            let cut = kind.number(u.int_in_range(lo + 1..=hi.max(lo + 1))?);
            let at = kind.number(u.int_in_range(lo..=hi)?);
            let dates = matches!(kind, Kind::Date(..));
            match (u.int_in_range(0..=3u8)?, dates) {
                (0, false) => json!({"fact": id, "at_least": cut}),
                (1, false) => json!({"fact": id, "below": cut}),
                (0, true) => json!({"fact": id, "on_or_after": cut}),
                (1, true) => json!({"fact": id, "before": cut}),
                (2, _) => json!({"fact": id, "is": at}),
                _ if plain => json!({"fact": id, "is": at}),
                _ => given(u)?,
            }
        }
        Kind::Set(values) => {
            if u.int_in_range(0..=3u8)? == 0 {
                given(u)?
            } else {
                json!({"fact": id, "contains": values[pick(u, values.len())?]})
            }
        }
        kind => {
            let scalars = kind.scalars();
            match u.int_in_range(0..=5u8)? {
                0 if matches!(kind, Kind::Bool) => json!({"fact": id}),
                0 | 1 => json!({"fact": id, "is": scalars[pick(u, scalars.len())?]}),
                2 | 3 => {
                    let mask: u8 = u.arbitrary()?;
                    let mut chosen: Vec<Value> = scalars
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| mask >> k & 1 == 1)
                        .map(|(_, v)| v.clone())
                        .collect();
                    if chosen.is_empty() {
                        chosen.push(scalars[0].clone());
                    }
                    json!({"fact": id, "in": chosen})
                }
                4 if matches!(kind, Kind::Bool) => json!({"fact": id, "is": true}),
                _ => given(u)?,
            }
        }
    })
}
