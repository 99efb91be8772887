//! From a parsed [`RuleSetDoc`] to a [`RuleSet`]: every problem is collected, each with a
//! JSON pointer, and the rule set is compiled to decision diagrams.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::condition::{Scope, value_index};
use crate::date::is_date;
use crate::determination::UNDETERMINED;
use crate::diagram::{Builder, NodeId, Op, TooLarge};
use crate::doc::{FactType, RuleSetDoc};
use crate::limits::Limits;
use crate::load_error::{LoadError, Problem};
use crate::model::{DecisionTest, Domain, Expr, Fact, Note, Outcome, Rule, Says, Test};
use crate::pointer::Pointer;
use crate::ruleset::{Compiled, Import, RuleSet, RuleText, Variables};
use crate::suggest::suggestion;
use crate::text::{Cites, Text};

/// Finds an imported rule set by id.
pub(crate) type Resolver<'a> = &'a dyn Fn(&str) -> Option<RuleSet>;

/// Citations as the rule set shares them with its determinations.
fn shared(cites: &[String]) -> Cites {
    cites.iter().map(|c| Text::from(c.as_str())).collect()
}

/// Validates and compiles a rule file. `json` is the file's text, kept for the
/// fingerprint; `resolve` finds imported rule sets.
pub(crate) fn validate(
    doc: RuleSetDoc,
    json: String,
    resolve: Resolver<'_>,
) -> Result<RuleSet, LoadError> {
    let mut p = Vec::new();
    check_identity(&doc, &mut p);
    check_counts(&doc, &mut p);
    let imports = resolve_imports(&doc, resolve, &mut p);
    if imports.len() != doc.imports.len() {
        // Everything that tests an unresolved import would be reported again: stop here.
        return Err(LoadError::Invalid(p));
    }

    let mut provision_ids = index_ids(
        doc.provisions.iter().map(|x| x.id.as_str()),
        "/provisions",
        "provision",
        &mut p,
    );
    for (i, prov) in doc.provisions.iter().enumerate() {
        if let Some(owner) = imports
            .iter()
            .find(|imp| imp.rules.provisions.contains_key(prov.id.as_str()))
        {
            p.push(Problem::new(
                format!("/provisions/{i}/id"),
                format!(
                    "provision `{}` is already declared by the imported rule set `{}`; cite it without redeclaring it",
                    prov.id,
                    owner.rules.id()
                ),
            ));
        }
    }
    for imp in &imports {
        for id in imp.rules.provisions.keys() {
            provision_ids.entry(id.to_string()).or_insert(usize::MAX);
        }
    }
    let cites = |list: &[String], at: &Pointer<'_>, p: &mut Vec<Problem>| {
        if list.is_empty() {
            p.push(Problem::new(
                format!("{at}/cites"),
                "expected at least one citation, found none",
            ));
        }
        for (i, c) in list.iter().enumerate() {
            if !provision_ids.contains_key(c) {
                let hint = suggestion(c, provision_ids.keys().map(String::as_str));
                p.push(Problem::new(
                    format!("{at}/cites/{i}"),
                    format!("unknown provision `{c}`{hint}"),
                ));
            }
        }
    };
    for (i, prov) in doc.provisions.iter().enumerate() {
        for (key, text) in [
            ("cite", &prov.cite),
            ("text", &prov.text),
            ("url", &prov.url),
        ] {
            if text.trim().is_empty() {
                p.push(Problem::new(
                    format!("/provisions/{i}/{key}"),
                    "expected text, found an empty string",
                ));
            }
        }
    }

    for (i, imp) in doc.imports.iter().enumerate() {
        cites(&imp.cites, &Pointer::Written("/imports").index(i), &mut p);
    }

    // Facts: this file's own, then every imported one (one flat namespace).
    let fact_index = index_ids(
        doc.facts.iter().map(|x| x.id.as_str()),
        "/facts",
        "fact",
        &mut p,
    );
    let mut facts = Vec::with_capacity(doc.facts.len());
    for (i, f) in doc.facts.iter().enumerate() {
        let at = Pointer::Written("/facts");
        let at = at.index(i);
        cites(&f.cites, &at, &mut p);
        let domain = match f.kind {
            FactType::Bool | FactType::Knowledge if !f.values.is_empty() => {
                p.push(Problem::new(
                    format!("{at}/values"),
                    format!(
                        "a {} fact has fixed values; remove `values`",
                        if f.kind == FactType::Bool {
                            "bool"
                        } else {
                            "knowledge"
                        }
                    ),
                ));
                if f.kind == FactType::Bool {
                    Domain::Bool
                } else {
                    Domain::Knowledge
                }
            }
            FactType::Bool => Domain::Bool,
            FactType::Knowledge => Domain::Knowledge,
            FactType::Enum | FactType::Set => {
                check_values(&f.values, f.kind == FactType::Enum, &at, &mut p);
                if f.kind == FactType::Enum {
                    Domain::Enum(f.values.clone())
                } else {
                    Domain::Set(f.values.clone())
                }
            }
        };
        if f.question.trim().is_empty() {
            p.push(Problem::new(
                format!("{at}/question"),
                "expected a question, found an empty string",
            ));
        }
        let shown = (0..domain.len())
            .filter_map(|v| u8::try_from(v).ok())
            .map(|v| domain.value_json(v).into())
            .collect();
        facts.push(Fact {
            id: f.id.as_str().into(),
            domain,
            question: f.question.as_str().into(),
            cites: shared(&f.cites),
            shown,
            presupposes: None,
            recorded_only: f.recorded_only,
        });
    }
    let own_facts = facts.len();
    let mut fact_index = fact_index;
    let imports = merge_imported_facts(imports, &doc, &mut facts, &mut fact_index, &mut p);
    for (i, f) in doc.facts.iter().enumerate() {
        let Some(pre) = &f.presupposes else { continue };
        let at = format!("/facts/{i}/presupposes");
        let Some(&target) = fact_index.get(&pre.fact) else {
            let hint = suggestion(&pre.fact, fact_index.keys().map(String::as_str));
            p.push(Problem::new(
                format!("{at}/fact"),
                format!("unknown fact `{}`{hint}", pre.fact),
            ));
            continue;
        };
        if target == i {
            p.push(Problem::new(
                format!("{at}/fact"),
                format!("fact `{}` cannot presuppose itself", f.id),
            ));
            continue;
        }
        let Some(target_fact) = facts.get(target) else {
            continue;
        };
        if let Domain::Set(_) = target_fact.domain {
            p.push(Problem::new(
                format!("{at}/fact"),
                format!(
                    "a presupposed fact must be bool, enum or knowledge, but `{}` is a set",
                    pre.fact
                ),
            ));
            continue;
        }
        let target_fact = target_fact.clone();
        if let Some(v) = value_index(
            &target_fact,
            &pre.is,
            &Pointer::Written(&format!("{at}/is")),
            &mut p,
        ) && let Some(fact) = facts.get_mut(i)
        {
            fact.presupposes = Some((target, v));
        }
    }
    check_presupposition_cycles(&facts, &mut p);

    // Rules, outcomes and notes.
    let rule_index = index_ids(
        doc.rules.iter().map(|x| x.id.as_str()),
        "/rules",
        "rule",
        &mut p,
    );
    let import_names: Vec<(String, Vec<String>)> = imports
        .iter()
        .map(|imp| {
            (
                imp.name.to_string(),
                imp.rules.outcome_ids().map(str::to_string).collect(),
            )
        })
        .collect();
    let scope = Scope {
        facts: &facts,
        fact_index: &fact_index,
        rule_index: &rule_index,
        imports: &import_names,
    };
    let mut rules = Vec::with_capacity(doc.rules.len());
    for (i, r) in doc.rules.iter().enumerate() {
        let at = Pointer::Written("/rules");
        let at = at.index(i);
        cites(&r.cites, &at, &mut p);
        let condition = scope.read(&r.condition, &at.key("condition"), &mut p);
        rules.push(condition.map(|condition| Rule {
            id: r.id.as_str().into(),
            cites: shared(&r.cites),
            says: Says::new(&r.holds, Some(&r.fails)),
            condition,
        }));
    }
    let _ = index_ids(
        doc.outcomes.iter().map(|x| x.id.as_str()),
        "/outcomes",
        "outcome",
        &mut p,
    );
    if doc.outcomes.is_empty() {
        p.push(Problem::new(
            "/outcomes",
            "expected at least one outcome, found none",
        ));
    }
    let mut outcomes = Vec::with_capacity(doc.outcomes.len());
    let last = doc.outcomes.len().saturating_sub(1);
    for (i, o) in doc.outcomes.iter().enumerate() {
        let at = Pointer::Written("/outcomes");
        let at = at.index(i);
        cites(&o.cites, &at, &mut p);
        if o.id == UNDETERMINED {
            p.push(Problem::new(
                format!("{at}/id"),
                format!("`{UNDETERMINED}` is reserved for the engine; choose another id"),
            ));
        }
        let condition = match (&o.condition, i == last) {
            (Some(_), true) => {
                p.push(Problem::new(format!("{at}/condition"), "the last outcome must be unconditional, so that the outcomes are exhaustive; remove its `condition`"));
                None
            }
            (None, true) => None,
            (None, false) => {
                p.push(Problem::new(
                    at,
                    "only the last outcome may be unconditional; add a `condition`",
                ));
                None
            }
            (Some(c), false) => scope.read(c, &at.key("condition"), &mut p),
        };
        if i != last && o.fails.is_none() {
            p.push(Problem::new(
                at,
                "missing field `fails`: wording for when the condition does not hold",
            ));
        }
        outcomes.push(Outcome {
            id: o.id.as_str().into(),
            cites: shared(&o.cites),
            says: Says::new(&o.holds, o.fails.as_deref()),
            summary: format!("{}: {}", o.id, o.holds).into(),
            condition,
        });
    }
    let _ = index_ids(
        doc.notes.iter().map(|x| x.id.as_str()),
        "/notes",
        "note",
        &mut p,
    );
    let mut notes = Vec::with_capacity(doc.notes.len());
    for (i, n) in doc.notes.iter().enumerate() {
        let at = Pointer::Written("/notes");
        let at = at.index(i);
        cites(&n.cites, &at, &mut p);
        if let Some(condition) = scope.read(&n.condition, &at.key("condition"), &mut p) {
            notes.push(Note {
                id: n.id.as_str().into(),
                cites: shared(&n.cites),
                text: n.text.as_str().into(),
                condition,
            });
        }
    }

    // Whole-set checks need every condition read.
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }
    let rules: Vec<Rule> = rules.into_iter().flatten().collect();
    check_rule_cycles(&rules, &mut p);
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }
    let trace_bound = check_expansion(&rules, &outcomes, &notes, &imports, &mut p);
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }
    let trace_text = trace_text(&facts, &rules, &outcomes, &imports);
    if trace_text > Limits::MAX_TRACE_TEXT_BYTES {
        p.push(Problem::new(
            "/outcomes",
            format!(
                "the outcomes' trace, with the rules they refer to written out, carries {trace_text} bytes of ids, citations and wording, over the limit of {}",
                Limits::MAX_TRACE_TEXT_BYTES
            ),
        ));
        return Err(LoadError::Invalid(p));
    }
    let own = facts.get(..own_facts).unwrap_or(&[]);
    check_usage(&doc, own, &rules, &outcomes, &notes, &mut p);
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }

    let mut provisions: BTreeMap<Text, crate::determination::Provision> = doc
        .provisions
        .iter()
        .map(|x| {
            (
                x.id.as_str().into(),
                crate::determination::Provision {
                    cite: x.cite.as_str().into(),
                    text: x.text.as_str().into(),
                    url: x.url.as_str().into(),
                },
            )
        })
        .collect();
    for imp in &imports {
        for (id, prov) in &imp.rules.provisions {
            provisions.entry(id.clone()).or_insert_with(|| prov.clone());
        }
    }
    let decision_outcomes: Vec<usize> =
        imports.iter().map(|imp| imp.rules.outcomes.len()).collect();
    let variables = Variables::new(&facts, &decision_outcomes);
    if variables.domains.len() > Limits::MAX_VARIABLES {
        return Err(LoadError::Invalid(vec![Problem::new(
            "/facts",
            format!(
                "the facts need {} decision variables (one per fact answered, one per bool, enum or knowledge fact, one per set member), over the limit of {}",
                variables.domains.len(),
                Limits::MAX_VARIABLES
            ),
        )]));
    }
    let compiled = match compile(&variables, &rules, &outcomes, &notes) {
        Ok(c) => c,
        Err(TooLarge) => {
            return Err(LoadError::Invalid(vec![Problem::new(
                "",
                format!(
                    "rule set too large for exact evaluation: its decision diagram needs more than {} nodes",
                    Limits::MAX_DIAGRAM_NODES
                ),
            )]));
        }
    };
    let case_split_work = imports.iter().fold(
        case_split_work(&variables, &rules, &outcomes, trace_bound),
        |w, imp| w.saturating_add(imp.rules.case_split_work),
    );
    if case_split_work > Limits::MAX_CASE_SPLIT_WORK {
        p.push(Problem::new(
            "/outcomes",
            format!(
                "rule set too slow to evaluate: a case split would take {case_split_work} steps ({trace_bound} trace nodes times the values of the variables the outcomes' conditions test), over the limit of {}",
                Limits::MAX_CASE_SPLIT_WORK
            ),
        ));
    }
    let outcome_size = imports.iter().fold(
        compiled.diagram.reachable_size(&[compiled.outcome_root]),
        |n, imp| n.saturating_add(imp.rules.outcome_size),
    );
    let once = compiled
        .diagram
        .reachable_size(&compiled.note_roots)
        .saturating_add(variables.domains.len());
    let missing_facts_work =
        missing_facts_work(&facts, &outcomes, &imports, outcome_size).saturating_add(once);
    let evaluations = imports
        .iter()
        .fold(1usize, |n, imp| n.saturating_add(imp.rules.evaluations));
    if evaluations.saturating_sub(1) > Limits::MAX_IMPORT_EVALUATIONS {
        p.push(Problem::new(
            "/imports",
            format!(
                "evaluating a case would evaluate {} imported rule sets (each counted once per path that imports it), over the limit of {}",
                evaluations.saturating_sub(1),
                Limits::MAX_IMPORT_EVALUATIONS
            ),
        ));
    }
    if missing_facts_work > Limits::MAX_MISSING_FACTS_WORK {
        p.push(Problem::new(
            "",
            format!(
                "rule set too slow to evaluate: working out the missing facts of a case would take {missing_facts_work} steps (its decision diagram, of size {outcome_size}, walked once per fact and once per answer listed, and the outcomes each answer leaves possible), over the limit of {}",
                Limits::MAX_MISSING_FACTS_WORK
            ),
        ));
    }
    let reachable = compiled
        .diagram
        .reach(compiled.outcome_root, &vec![None; variables.domains.len()]);
    for (i, o) in outcomes.iter().enumerate() {
        if reachable >> i & 1 == 0 {
            p.push(Problem::new(
                format!("/outcomes/{i}"),
                format!("outcome `{}` can never be reached: in every case an earlier outcome holds or its condition fails", o.id),
            ));
        }
    }
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }
    let presuppositions = ordered_presuppositions(&facts);
    let mut set = RuleSet {
        provision_ids: provisions.keys().cloned().collect(),
        cited_by_outcome: Vec::new(),
        text: Arc::new(RuleText {
            json,
            id: doc.id.as_str().into(),
            version: doc.version.as_str().into(),
            fingerprint: OnceLock::new(),
        }),
        presuppositions,
        imports,
        trace_bound,
        trace_text,
        outcome_size,
        missing_facts_work,
        case_split_work,
        evaluations,
        doc,
        facts,
        fact_index,
        rules,
        outcomes,
        notes,
        provisions,
        variables,
        compiled,
    };
    set.cited_by_outcome = crate::citations::by_outcome(&set);
    Ok(set)
}

/// A condition's depth and node count with the rules it refers to written out, as the
/// trace and the evaluator walk it. `rule_sizes` holds those of the rules referred to,
/// computed first, so that this never follows a chain of rules (which could be long
/// enough to exhaust the stack before the limit is checked).
fn expanded(
    expr: &Expr,
    rule_sizes: &[Option<(usize, usize)>],
    imports: &[Import],
) -> Option<(usize, usize)> {
    match expr {
        Expr::All(xs) | Expr::Any(xs) => xs.iter().try_fold((1usize, 1usize), |(d, n), x| {
            let (dx, nx) = expanded(x, rule_sizes, imports)?;
            Some((d.max(dx.saturating_add(1)), n.saturating_add(nx)))
        }),
        Expr::Not(x) => {
            let (d, n) = expanded(x, rule_sizes, imports)?;
            Some((d.saturating_add(1), n.saturating_add(1)))
        }
        Expr::Rule(r) => {
            let (d, n) = rule_sizes.get(*r).copied().flatten()?;
            Some((d.saturating_add(1), n.saturating_add(1)))
        }
        Expr::Test { .. } => Some((1, 1)),
        // A decision node carries the imported determination's trace.
        Expr::Decision { import, .. } => Some((
            1,
            imports
                .get(*import)
                .map_or(1, |imp| imp.rules.trace_bound.saturating_add(1)),
        )),
    }
}

/// A string as [`Limits::MAX_TRACE_TEXT_BYTES`] counts it: its bytes, plus 32 for the
/// allocation each copy makes.
fn text_cost(s: &str) -> usize {
    s.len().saturating_add(32)
}

fn list_cost<S: AsRef<str>>(list: &[S]) -> usize {
    list.iter()
        .fold(0usize, |n, s| n.saturating_add(text_cost(s.as_ref())))
}

/// The text one trace carries, as [`Limits::MAX_TRACE_TEXT_BYTES`] counts it: each node
/// written out with its ids, citations, wording and (for a fact test) the values it names
/// and the longest answer it could show, plus the text of each import's own trace. Called
/// once the nesting is known to be within [`Limits::MAX_CONDITION_DEPTH`].
fn trace_text(facts: &[Fact], rules: &[Rule], outcomes: &[Outcome], imports: &[Import]) -> usize {
    struct Sizes<'a> {
        facts: &'a [Fact],
        rules: &'a [Rule],
        imports: &'a [Import],
        memo: Vec<Option<usize>>,
    }
    impl Sizes<'_> {
        fn of(&mut self, expr: &Expr, enclosing: usize) -> usize {
            match expr {
                Expr::All(xs) | Expr::Any(xs) => xs
                    .iter()
                    .fold(enclosing, |n, x| n.saturating_add(self.of(x, enclosing))),
                Expr::Not(x) => enclosing.saturating_add(self.of(x, enclosing)),
                Expr::Rule(r) => self.rule(*r),
                Expr::Test { fact, test, .. } => self.facts.get(*fact).map_or(0, |f| {
                    let names = f.domain.names();
                    let cost = |i: usize| names.get(i).map_or(0, |s| text_cost(s));
                    let sum = |mask: u64| {
                        (0..names.len())
                            .filter(|i| mask.checked_shr(*i as u32).is_some_and(|m| m & 1 == 1))
                            .fold(0usize, |n, i| n.saturating_add(cost(i)))
                    };
                    // The values the test names, and the answer shown beside it.
                    let tested = match test {
                        Test::In(mask) => sum(*mask),
                        Test::Is(v) | Test::Contains(v) => cost(usize::from(*v)),
                        Test::True | Test::Given(_) => 0,
                    };
                    let answer = match f.domain {
                        Domain::Set(_) => sum(u64::MAX),
                        _ => (0..names.len()).map(cost).max().unwrap_or(0),
                    };
                    text_cost(&f.id)
                        .saturating_add(list_cost(&f.cites))
                        .saturating_add(tested)
                        .saturating_add(answer)
                }),
                Expr::Decision { import, .. } => self.imports.get(*import).map_or(0, |imp| {
                    text_cost(&imp.name)
                        .saturating_add(list_cost(&imp.cites))
                        .saturating_add(imp.rules.trace_text)
                }),
            }
        }

        fn rule(&mut self, r: usize) -> usize {
            if let Some(Some(found)) = self.memo.get(r) {
                return *found;
            }
            let Some(rule) = self.rules.get(r) else {
                return 0;
            };
            let cites = list_cost(&rule.cites);
            let wording = text_cost(&rule.says.holds)
                .max(text_cost(&rule.says.fails))
                .saturating_add(24);
            let own = text_cost(&rule.id)
                .saturating_add(cites)
                .saturating_add(wording);
            let total = own.saturating_add(self.of(&rule.condition, cites));
            if let Some(slot) = self.memo.get_mut(r) {
                *slot = Some(total);
            }
            total
        }
    }
    let mut text = Sizes {
        facts,
        rules,
        imports,
        memo: vec![None; rules.len()],
    };
    // Each import's determination is built in full, its own trace included.
    let imported = imports
        .iter()
        .fold(0usize, |n, imp| n.saturating_add(imp.rules.trace_text));
    outcomes.iter().fold(imported, |n, o| {
        let cites = list_cost(&o.cites);
        // An outcome without `fails` wording (the last) shows none.
        let fails = if o.says.fails.is_empty() {
            0
        } else {
            text_cost(&o.says.fails)
        };
        let wording = text_cost(&o.says.holds).max(fails).saturating_add(24);
        let condition = o.condition.as_ref().map_or(0, |c| text.of(c, cites));
        n.saturating_add(text_cost(&o.id))
            .saturating_add(cites)
            .saturating_add(wording)
            .saturating_add(condition)
    })
}

/// Rules referring to rules must not nest so deep that walking them could exhaust a
/// thread's stack, nor fan out into a trace too large to return.
fn check_expansion(
    rules: &[Rule],
    outcomes: &[Outcome],
    notes: &[Note],
    imports: &[Import],
    p: &mut Vec<Problem>,
) -> usize {
    // Rules form no cycle, so each pass sizes at least one more rule.
    let mut memo: Vec<Option<(usize, usize)>> = vec![None; rules.len()];
    loop {
        let mut progress = false;
        for (i, r) in rules.iter().enumerate() {
            if memo.get(i) == Some(&None)
                && let Some(size) = expanded(&r.condition, &memo, imports)
            {
                if let Some(slot) = memo.get_mut(i) {
                    *slot = Some(size);
                }
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }
    let deep = |d: usize| {
        format!(
            "condition nests {d} levels deep counting the rules it refers to, over the limit of {}",
            Limits::MAX_CONDITION_DEPTH
        )
    };
    for (i, size) in memo.iter().enumerate() {
        let (d, _) = size.unwrap_or((usize::MAX, 0));
        if d > Limits::MAX_CONDITION_DEPTH {
            p.push(Problem::new(format!("/rules/{i}/condition"), deep(d)));
            return 0;
        }
    }
    let mut total: usize = 0;
    for (i, o) in outcomes.iter().enumerate() {
        if let Some(c) = &o.condition {
            let (d, n) = expanded(c, &memo, imports).unwrap_or((usize::MAX, usize::MAX));
            if d > Limits::MAX_CONDITION_DEPTH {
                p.push(Problem::new(format!("/outcomes/{i}/condition"), deep(d)));
            }
            total = total.saturating_add(n);
        }
    }
    for (i, n) in notes.iter().enumerate() {
        let (d, _) = expanded(&n.condition, &memo, imports).unwrap_or((usize::MAX, 0));
        if d > Limits::MAX_CONDITION_DEPTH {
            p.push(Problem::new(format!("/notes/{i}/condition"), deep(d)));
        }
    }
    if total > Limits::MAX_TRACE_NODES {
        p.push(Problem::new(
            "/outcomes",
            format!(
                "the outcomes' conditions, with the rules they refer to written out, make {total} trace nodes, over the limit of {}",
                Limits::MAX_TRACE_NODES
            ),
        ));
    }
    total
}

/// Finds each imported rule set, reporting unknown ids, self-imports and duplicate names.
fn resolve_imports(doc: &RuleSetDoc, resolve: Resolver<'_>, p: &mut Vec<Problem>) -> Vec<Import> {
    let _ = index_ids(
        doc.imports.iter().map(|x| x.name.as_str()),
        "/imports",
        "import name",
        p,
    );
    let mut imports = Vec::new();
    for (i, imp) in doc.imports.iter().enumerate() {
        let at = format!("/imports/{i}/rule_set");
        if imp.rule_set == doc.id {
            p.push(Problem::new(
                at,
                format!("rule set `{}` cannot import itself", doc.id),
            ));
            continue;
        }
        match resolve(&imp.rule_set) {
            Some(rules) if rules.imports_transitively(&doc.id) => {
                p.push(Problem::new(
                    at,
                    format!("imports form a cycle: `{}` imports `{}`, which imports `{}`", doc.id, imp.rule_set, doc.id),
                ));
            }
            Some(rules) => imports.push(Import {
                name: imp.name.as_str().into(),
                cites: shared(&imp.cites),
                rules: Arc::new(rules),
                fact_map: Vec::new(),
            }),
            None => p.push(Problem::new(
                at,
                format!("unknown rule set `{}`: imports resolve through the rule book (the embedded packs and `--rules-dir`)", imp.rule_set),
            )),
        }
    }
    imports
}

/// Adds every imported fact to the vocabulary and records where each import's facts went.
/// A fact this file declares may not also come from an import; two imports may share a
/// fact only when they declare it alike.
fn merge_imported_facts(
    mut imports: Vec<Import>,
    doc: &RuleSetDoc,
    facts: &mut Vec<Fact>,
    fact_index: &mut BTreeMap<String, usize>,
    p: &mut Vec<Problem>,
) -> Vec<Import> {
    let own = facts.len();
    for (k, imp) in imports.iter_mut().enumerate() {
        let mut map = Vec::with_capacity(imp.rules.facts.len());
        for fact in &imp.rules.facts {
            match fact_index.get(fact.id.as_str()).copied() {
                Some(i) if i < own => {
                    p.push(Problem::new(
                        format!("/facts/{i}/id"),
                        format!(
                            "fact `{}` is already declared by the imported rule set `{}`; use it without redeclaring it",
                            fact.id,
                            imp.rules.id()
                        ),
                    ));
                    map.push(i);
                }
                Some(i) => {
                    let same = facts.get(i).is_some_and(|f| {
                        f.domain == fact.domain
                            && f.question == fact.question
                            && f.cites == fact.cites
                    });
                    if !same {
                        p.push(Problem::new(
                            format!("/imports/{k}"),
                            format!(
                                "fact `{}` comes from two imports that declare it differently",
                                fact.id
                            ),
                        ));
                    }
                    map.push(i);
                }
                None => {
                    let i = facts.len();
                    fact_index.insert(fact.id.to_string(), i);
                    facts.push(Fact {
                        presupposes: None,
                        ..fact.clone()
                    });
                    map.push(i);
                }
            }
        }
        // Presuppositions point into the import's own list; translate them.
        for (fact, &i) in imp.rules.facts.iter().zip(&map) {
            if let (Some((target, value)), true) = (fact.presupposes, i >= own)
                && let (Some(&t), Some(slot)) = (map.get(target), facts.get_mut(i))
            {
                slot.presupposes = Some((t, value));
            }
        }
        imp.fact_map = map;
    }
    let _ = doc;
    imports
}

fn check_identity(doc: &RuleSetDoc, p: &mut Vec<Problem>) {
    for (key, text) in [
        ("/id", &doc.id),
        ("/title", &doc.title),
        ("/version", &doc.version),
    ] {
        if text.trim().is_empty() {
            p.push(Problem::new(key, "expected text, found an empty string"));
        }
    }
    if !is_date(&doc.in_force_from) {
        p.push(Problem::new(
            "/in_force_from",
            format!(
                "expected a date `YYYY-MM-DD`, found `{}`",
                doc.in_force_from
            ),
        ));
    }
    if let Some(to) = &doc.in_force_to {
        if !is_date(to) {
            p.push(Problem::new(
                "/in_force_to",
                format!("expected a date `YYYY-MM-DD`, found `{to}`"),
            ));
        } else if to.as_str() <= doc.in_force_from.as_str() {
            p.push(Problem::new(
                "/in_force_to",
                format!(
                    "expected a date after `in_force_from` `{}`, found `{to}`",
                    doc.in_force_from
                ),
            ));
        }
    }
}

fn check_counts(doc: &RuleSetDoc, p: &mut Vec<Problem>) {
    for (at, found, limit) in [
        ("/facts", doc.facts.len(), Limits::MAX_FACTS),
        ("/rules", doc.rules.len(), Limits::MAX_RULES),
        ("/outcomes", doc.outcomes.len(), Limits::MAX_OUTCOMES),
        ("/notes", doc.notes.len(), Limits::MAX_NOTES),
    ] {
        if found > limit {
            p.push(Problem::new(
                at,
                format!("{found} entries is over the limit of {limit}"),
            ));
        }
    }
    // The pointer is written only for a string over the limit.
    let mut long = |at: &dyn Fn() -> String, s: &str| {
        if s.len() > Limits::MAX_STRING_BYTES {
            p.push(Problem::new(
                at(),
                format!(
                    "a string of {} bytes is over the limit of {} bytes",
                    s.len(),
                    Limits::MAX_STRING_BYTES
                ),
            ));
        }
    };
    // Every string the file holds, each at its pointer.
    for (key, text) in [
        ("/id", &doc.id),
        ("/title", &doc.title),
        ("/version", &doc.version),
    ] {
        long(&|| key.to_string(), text);
    }
    for (i, x) in doc.provisions.iter().enumerate() {
        for (key, text) in [
            ("id", &x.id),
            ("cite", &x.cite),
            ("text", &x.text),
            ("url", &x.url),
        ] {
            long(&|| format!("/provisions/{i}/{key}"), text);
        }
    }
    for (i, x) in doc.facts.iter().enumerate() {
        long(&|| format!("/facts/{i}/id"), &x.id);
        long(&|| format!("/facts/{i}/question"), &x.question);
        for (j, v) in x.values.iter().enumerate() {
            long(&|| format!("/facts/{i}/values/{j}"), v);
        }
    }
    for (i, x) in doc.rules.iter().enumerate() {
        for (key, text) in [("id", &x.id), ("holds", &x.holds), ("fails", &x.fails)] {
            long(&|| format!("/rules/{i}/{key}"), text);
        }
    }
    for (i, x) in doc.outcomes.iter().enumerate() {
        long(&|| format!("/outcomes/{i}/id"), &x.id);
        long(&|| format!("/outcomes/{i}/holds"), &x.holds);
        if let Some(fails) = &x.fails {
            long(&|| format!("/outcomes/{i}/fails"), fails);
        }
    }
    for (i, x) in doc.notes.iter().enumerate() {
        long(&|| format!("/notes/{i}/id"), &x.id);
        long(&|| format!("/notes/{i}/text"), &x.text);
    }
}

/// Whether `id` is an identifier: ASCII letters, digits and underscores, starting with a
/// letter.
fn is_identifier(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Maps ids to their positions, reporting empty, duplicate and malformed ids.
fn index_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    at: &str,
    what: &str,
    p: &mut Vec<Problem>,
) -> BTreeMap<String, usize> {
    let mut index = BTreeMap::new();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            p.push(Problem::new(
                format!("{at}/{i}/id"),
                format!(
                    "expected {} {what} id, found an empty string",
                    if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    }
                ),
            ));
        } else if let Some(first) = index.get(id) {
            p.push(Problem::new(
                format!("{at}/{i}/id"),
                format!("duplicate {what} id `{id}`, first declared at `{at}/{first}`"),
            ));
        } else if what != "provision" && !is_identifier(id) {
            // Provision ids are citations (`s44(1)`); every other id is an identifier, so
            // that it reads the same in a case, a condition, a scenario and a binding.
            p.push(Problem::new(
                format!("{at}/{i}/id"),
                format!(
                    "expected {} {what} id of letters, digits and underscores, starting with a letter, found `{id}`",
                    if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    }
                ),
            ));
            // Still declared: what refers to it is not reported again.
            index.insert(id.to_string(), i);
        } else {
            index.insert(id.to_string(), i);
        }
    }
    index
}

fn check_values(values: &[String], is_enum: bool, at: &Pointer<'_>, p: &mut Vec<Problem>) {
    let least = if is_enum { 2 } else { 1 };
    if values.len() < least {
        p.push(Problem::new(
            format!("{at}/values"),
            format!(
                "expected at least {least} declared value{}, found {}",
                if least == 1 { "" } else { "s" },
                match values.len() {
                    0 => "none".to_string(),
                    n => n.to_string(),
                }
            ),
        ));
    }
    if values.len() > Limits::MAX_VALUES {
        p.push(Problem::new(
            format!("{at}/values"),
            format!(
                "{} values is over the limit of {}",
                values.len(),
                Limits::MAX_VALUES
            ),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        if v.trim().is_empty() {
            p.push(Problem::new(
                format!("{at}/values/{i}"),
                "expected a value id, found an empty string",
            ));
        } else if let Some(first) = values
            .iter()
            .position(|w| w == v)
            .filter(|first| *first < i)
        {
            p.push(Problem::new(
                format!("{at}/values/{i}"),
                format!("duplicate value `{v}`, first declared at `{at}/values/{first}`"),
            ));
        }
    }
}

/// The measure [`Limits::MAX_CASE_SPLIT_WORK`] bounds: the trace nodes the outcomes can
/// make times the values of the variables their conditions test (rules written out),
/// each variable counted once; "given" tests read a variable that is always known.
fn case_split_work(
    vars: &Variables,
    rules: &[Rule],
    outcomes: &[Outcome],
    trace_bound: usize,
) -> usize {
    let mut tested = vec![false; vars.domains.len()];
    for o in outcomes {
        if let Some(c) = &o.condition {
            c.visit_facts(rules, &mut |f, t| {
                if !matches!(t, Test::Given(_))
                    && let Some((var, _)) = vars.test(f, t)
                {
                    mark(&mut tested, var as usize);
                }
            });
        }
    }
    let values = tested
        .iter()
        .zip(&vars.domains)
        .filter(|(t, _)| **t)
        .fold(0usize, |n, (_, d)| n.saturating_add(usize::from(*d)));
    trace_bound.saturating_mul(values)
}

/// The measure [`Limits::MAX_MISSING_FACTS_WORK`] bounds, for a diagram of size
/// `outcome_size` (imports included).
fn missing_facts_work(
    facts: &[Fact],
    outcomes: &[Outcome],
    imports: &[Import],
    outcome_size: usize,
) -> usize {
    let answers = facts.iter().fold(0usize, |n, f| {
        n.saturating_add(match &f.domain {
            Domain::Set(members) if members.len() > Limits::MAX_SET_ANSWERS_LISTED => 0,
            Domain::Set(members) => 1usize << members.len(),
            d => d.len(),
        })
    });
    let id_bytes = outcomes
        .iter()
        .fold(0usize, |n, o| n.saturating_add(o.id.len()));
    let own = outcome_size
        .saturating_mul(answers.saturating_add(facts.len()))
        .saturating_add(answers.saturating_mul(id_bytes));
    imports
        .iter()
        .fold(own, |w, imp| w.saturating_add(imp.rules.missing_facts_work))
}

/// Every presupposition, `(fact, presupposed fact, value)`, ordered by the presupposed
/// fact's level (the longest chain of presuppositions leading to it), then by fact: the
/// links into a fact come together, after those into every fact that implies something of
/// it, which is the order [`crate::presupposition::infer`] needs.
fn ordered_presuppositions(facts: &[Fact]) -> Vec<(usize, usize, u8)> {
    let mut level = vec![0usize; facts.len()];
    for f in 0..facts.len() {
        let mut at = f;
        // A cycle is reported at load; the walk is bounded all the same.
        for depth in 1..=facts.len() {
            let Some((t, _)) = facts.get(at).and_then(|x| x.presupposes) else {
                break;
            };
            if let Some(l) = level.get_mut(t) {
                *l = (*l).max(depth);
            }
            at = t;
        }
    }
    let mut links: Vec<(usize, usize, u8)> = facts
        .iter()
        .enumerate()
        .filter_map(|(f, fact)| fact.presupposes.map(|(t, v)| (f, t, v)))
        .collect();
    links.sort_by_key(|&(f, t, _)| (level.get(t).copied().unwrap_or(0), t, f));
    links
}

fn check_presupposition_cycles(facts: &[Fact], p: &mut Vec<Problem>) {
    for (start, fact) in facts.iter().enumerate() {
        let mut seen = vec![start];
        let mut next = fact.presupposes.map(|(t, _)| t);
        while let Some(current) = next {
            if current == start {
                // Report a cycle once, at its first fact.
                if seen.iter().any(|i| *i < start) {
                    break;
                }
                let names: Vec<&str> = seen
                    .iter()
                    .filter_map(|i| facts.get(*i))
                    .map(|f| f.id.as_str())
                    .collect();
                p.push(Problem::new(
                    format!("/facts/{start}/presupposes"),
                    format!(
                        "presuppositions form a cycle: `{}` → `{}`",
                        names.join("` → `"),
                        fact.id
                    ),
                ));
                break;
            }
            if seen.contains(&current) {
                break;
            }
            seen.push(current);
            next = facts
                .get(current)
                .and_then(|f| f.presupposes)
                .map(|(t, _)| t);
        }
    }
}

fn rule_refs(expr: &Expr, out: &mut Vec<usize>) {
    match expr {
        Expr::All(xs) | Expr::Any(xs) => xs.iter().for_each(|x| rule_refs(x, out)),
        Expr::Not(x) => rule_refs(x, out),
        Expr::Rule(r) => out.push(*r),
        Expr::Test { .. } | Expr::Decision { .. } => {}
    }
}

fn check_rule_cycles(rules: &[Rule], p: &mut Vec<Problem>) {
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; rules.len()];
    let mut path = Vec::new();
    for start in 0..rules.len() {
        visit_rule(start, rules, &mut state, &mut path, p);
    }
}

fn visit_rule(
    r: usize,
    rules: &[Rule],
    state: &mut [u8],
    path: &mut Vec<usize>,
    p: &mut Vec<Problem>,
) {
    match state.get(r).copied() {
        Some(2) | None => return,
        Some(1) => {
            let from = path.iter().position(|x| *x == r).unwrap_or(0);
            let names: Vec<&str> = path
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .filter_map(|i| rules.get(*i))
                .map(|x| x.id.as_str())
                .collect();
            let id = rules.get(r).map_or("", |x| x.id.as_str());
            p.push(Problem::new(
                format!("/rules/{r}/condition"),
                format!(
                    "rules refer to each other in a cycle: `{}` → `{id}`",
                    names.join("` → `")
                ),
            ));
            return;
        }
        _ => {}
    }
    if let Some(s) = state.get_mut(r) {
        *s = 1;
    }
    path.push(r);
    let mut refs = Vec::new();
    if let Some(rule) = rules.get(r) {
        rule_refs(&rule.condition, &mut refs);
    }
    for next in refs {
        visit_rule(next, rules, state, path, p);
    }
    path.pop();
    if let Some(s) = state.get_mut(r) {
        *s = 2;
    }
}

fn check_usage(
    doc: &RuleSetDoc,
    facts: &[Fact],
    rules: &[Rule],
    outcomes: &[Outcome],
    notes: &[Note],
    p: &mut Vec<Problem>,
) {
    let mut by_outcome = vec![false; facts.len()];
    let mut by_any = vec![false; facts.len()];
    let mut rule_used = vec![false; rules.len()];
    for o in outcomes {
        if let Some(c) = &o.condition {
            c.visit_facts(rules, &mut |f, _| mark(&mut by_outcome, f));
            let mut refs = Vec::new();
            rule_refs(c, &mut refs);
            refs.into_iter().for_each(|r| mark(&mut rule_used, r));
        }
    }
    for n in notes {
        n.condition
            .visit_facts(rules, &mut |f, _| mark(&mut by_any, f));
        let mut refs = Vec::new();
        rule_refs(&n.condition, &mut refs);
        refs.into_iter().for_each(|r| mark(&mut rule_used, r));
    }
    for r in rules {
        let mut refs = Vec::new();
        rule_refs(&r.condition, &mut refs);
        refs.into_iter().for_each(|x| mark(&mut rule_used, x));
    }
    for (i, f) in facts.iter().enumerate() {
        let outcome_uses = by_outcome.get(i).copied().unwrap_or(false);
        let used = outcome_uses
            || by_any.get(i).copied().unwrap_or(false)
            || facts
                .iter()
                .any(|g| g.presupposes.is_some_and(|(t, _)| t == i));
        if f.recorded_only && outcome_uses {
            p.push(Problem::new(
                format!("/facts/{i}/recorded_only"),
                format!("fact `{}` is recorded only, but an outcome depends on it; only notes may test it", f.id),
            ));
        } else if !used && !f.recorded_only {
            p.push(Problem::new(
                format!("/facts/{i}"),
                format!("fact `{}` is declared but no outcome or note uses it; use it or mark it `recorded_only`", f.id),
            ));
        }
    }
    for (i, used) in rule_used.iter().enumerate() {
        if !used {
            let id = doc.rules.get(i).map_or("", |r| r.id.as_str());
            p.push(Problem::new(
                format!("/rules/{i}"),
                format!("rule `{id}` is declared but nothing refers to it"),
            ));
        }
    }
}

fn mark(flags: &mut [bool], i: usize) {
    if let Some(f) = flags.get_mut(i) {
        *f = true;
    }
}

fn compile(
    vars: &Variables,
    rules: &[Rule],
    outcomes: &[Outcome],
    notes: &[Note],
) -> Result<Compiled, TooLarge> {
    let mut b = Builder::new(vars.domains.clone(), Limits::MAX_DIAGRAM_NODES);
    let mut rule_roots = vec![None; rules.len()];
    let last = u32::try_from(outcomes.len().saturating_sub(1)).map_err(|_| TooLarge)?;
    let mut acc = b.leaf(last)?;
    for (k, o) in outcomes.iter().enumerate().rev() {
        if let Some(c) = &o.condition {
            let cond = compile_expr(c, vars, rules, &mut b, &mut rule_roots)?;
            let k = u32::try_from(k).map_err(|_| TooLarge)?;
            acc = b.apply(Op::Select(k), cond, acc)?;
        }
    }
    let mut note_roots = Vec::with_capacity(notes.len());
    for n in notes {
        note_roots.push(compile_expr(
            &n.condition,
            vars,
            rules,
            &mut b,
            &mut rule_roots,
        )?);
    }
    Ok(Compiled {
        outcome_root: acc,
        note_roots,
        diagram: b.finish(),
    })
}

fn compile_decision(vars: &Variables, import: usize, test: DecisionTest) -> Option<(u32, u64)> {
    vars.decision(import, test)
}

fn compile_expr(
    expr: &Expr,
    vars: &Variables,
    rules: &[Rule],
    b: &mut Builder,
    rule_roots: &mut [Option<NodeId>],
) -> Result<NodeId, TooLarge> {
    match expr {
        Expr::All(xs) | Expr::Any(xs) => {
            let (op, unit) = if matches!(expr, Expr::All(_)) {
                (Op::And, 1)
            } else {
                (Op::Or, 0)
            };
            let mut acc = b.leaf(unit)?;
            for x in xs {
                let part = compile_expr(x, vars, rules, b, rule_roots)?;
                acc = b.apply(op, acc, part)?;
            }
            Ok(acc)
        }
        Expr::Not(x) => {
            let inner = compile_expr(x, vars, rules, b, rule_roots)?;
            b.not(inner)
        }
        Expr::Rule(r) => {
            if let Some(Some(root)) = rule_roots.get(*r) {
                return Ok(*root);
            }
            let rule = rules.get(*r).ok_or(TooLarge)?;
            let root = compile_expr(&rule.condition, vars, rules, b, rule_roots)?;
            if let Some(slot) = rule_roots.get_mut(*r) {
                *slot = Some(root);
            }
            Ok(root)
        }
        Expr::Test { fact, test, .. } => {
            let (var, mask) = vars.test(*fact, *test).ok_or(TooLarge)?;
            b.test(var, mask)
        }
        Expr::Decision { import, test } => {
            let (var, mask) = compile_decision(vars, *import, *test).ok_or(TooLarge)?;
            b.test(var, mask)
        }
    }
}
