//! What is still needed: the exact missing facts, what each answer would leave possible,
//! and the next question to ask.

use crate::case::answer::{Answer, Given};
use crate::case::known::{Known, PossibleScratch, Status, assign_decisions_with, outcome_ids};
use crate::determination::document::{AnswerOutcomes, Determination, MissingFact, Question};
use crate::logic::bits::Bits;
use crate::logic::diagram::{DependsScratch, ReachScratch};
use crate::rules::limits::Limits;
use crate::rules::model::Domain;
use crate::rules::ruleset::RuleSet;

/// Every answer a fact can take, or `None` for a set fact too large to list.
fn all_answers(domain: &Domain) -> Option<Vec<Answer>> {
    match domain {
        Domain::Set(members) if members.len() > Limits::MAX_SET_ANSWERS_LISTED => None,
        Domain::Set(members) => Some((0..1u64 << members.len()).map(Answer::Set).collect()),
        d => Some(
            (0..d.len())
                .filter_map(|v| u8::try_from(v).ok())
                .map(Answer::Scalar)
                .collect(),
        ),
    }
}

/// The diagram variables holding a fact's value.
fn value_vars(rules: &RuleSet, fact: usize) -> &[u32] {
    match rules.variables.scalar.get(fact) {
        Some(scalar @ Some(_)) => scalar.as_slice(),
        _ => rules.variables.members.get(fact).map_or(&[], Vec::as_slice),
    }
}

/// Buffers reused across the facts checked in one evaluation.
struct Scratch {
    /// The case's answers without their sources (which nothing here reads), so that
    /// answering one fact in place copies no text.
    given: Vec<Given>,
    depends: DependsScratch,
    reach: ReachScratch,
    imports: PossibleScratch,
}

impl Scratch {
    fn new(given: &[Given]) -> Scratch {
        Scratch {
            given: given
                .iter()
                .map(|g| match g {
                    Given::Value { answer, .. } => Given::Value {
                        answer: answer.clone(),
                        source: None,
                    },
                    other => other.clone(),
                })
                .collect(),
            depends: DependsScratch::default(),
            reach: ReachScratch::default(),
            imports: PossibleScratch::default(),
        }
    }

    /// Answers fact `f` in place, returning what it held.
    fn answer(&mut self, f: usize, answer: Answer) -> Option<Given> {
        self.given.get_mut(f).map(|slot| {
            std::mem::replace(
                slot,
                Given::Value {
                    answer,
                    source: None,
                },
            )
        })
    }

    fn restore(&mut self, f: usize, old: Option<Given>) {
        if let (Some(slot), Some(old)) = (self.given.get_mut(f), old) {
            *slot = old;
        }
    }
}

/// Sets fact `f`'s value variables to `answer`, as resolving the answered case would.
fn set_value(rules: &RuleSet, f: usize, answer: &Answer, assignment: &mut [Option<u8>]) {
    for (m, var) in value_vars(rules, f).iter().enumerate() {
        let value = match answer {
            Answer::Scalar(v) | Answer::Number(v, _) => Some(*v),
            Answer::Set(mask) => Some(u8::from(mask >> m & 1 == 1)),
        };
        if let Some(slot) = assignment.get_mut(*var as usize) {
            *slot = value;
        }
    }
}

/// For each answer to fact `f`, the outcomes that would remain possible.
///
/// Answers differ only in the fact's value variables (and, with imports, in the imported
/// determinations): presuppositions apply alike whatever the answer. So the assignment is
/// resolved once, and the reach of nodes below every variable that differs is shared.
fn answer_outcomes(rules: &RuleSet, work: &mut Scratch, f: usize) -> Option<Vec<(Answer, u64)>> {
    let fact = rules.facts.get(f)?;
    let list = all_answers(&fact.domain)?;
    if rules.compiled.constraint_root.is_some() {
        return Some(constrained_answer_outcomes(rules, work, f, list));
    }
    let probe = list.first()?.clone();
    let old = work.answer(f, probe);
    let mut assignment = Known::resolve(rules, &work.given).assignment(rules);
    let vars = value_vars(rules, f);
    let boundary = if rules.imports.is_empty() {
        vars.iter().copied().max().unwrap_or(u32::MAX)
    } else {
        u32::MAX
    };
    let diagram = &rules.compiled.diagram;
    let root = rules.compiled.outcome_root;
    let mut out = Vec::with_capacity(list.len());
    for a in list {
        set_value(rules, f, &a, &mut assignment);
        if !rules.imports.is_empty() {
            if let Some(slot) = work.given.get_mut(f) {
                *slot = Given::Value {
                    answer: a.clone(),
                    source: None,
                };
            }
            assign_decisions_with(rules, &work.given, &mut assignment, &mut work.imports);
        }
        let mask = diagram.reach_sharing(root, &assignment, boundary, &mut work.reach)
            & rules.compiled.consistent;
        // Only values some consistent completion takes are answers.
        if mask != 0 || rules.compiled.constraint_root.is_none() {
            out.push((a, mask));
        }
    }
    work.reach.clear();
    work.restore(f, old);
    Some(out)
}

/// [`answer_outcomes`] under constraints: an inference stands only where it is
/// consistent, so it may differ from one answer to the next, and each answer's case is
/// resolved in full. Answers no consistent completion takes are left out.
fn constrained_answer_outcomes(
    rules: &RuleSet,
    work: &mut Scratch,
    f: usize,
    list: Vec<Answer>,
) -> Vec<(Answer, u64)> {
    // Only values some consistent completion of the case as it stands takes (its
    // inferred values included) are answers: one that would only stand by undoing an
    // inference is not.
    let mut current = Known::resolve(rules, &work.given).assignment(rules);
    let mut out = Vec::with_capacity(list.len());
    let mut old = None;
    for a in list {
        set_value(rules, f, &a, &mut current);
        if !crate::case::constrained::consistent(rules, &current) {
            continue;
        }
        let previous = work.answer(f, a.clone());
        old = old.or(previous);
        let mut assignment = Known::resolve(rules, &work.given).assignment(rules);
        assign_decisions_with(rules, &work.given, &mut assignment, &mut work.imports);
        let mask = rules
            .compiled
            .diagram
            .reach(rules.compiled.outcome_root, &assignment)
            & rules.compiled.consistent;
        if mask != 0 {
            out.push((a, mask));
        }
    }
    work.restore(f, old);
    out
}

/// Under constraints, whether some value fact `f` takes in the consistent completions
/// leaves fewer outcomes possible than `now`: such a fact is worth asking even when
/// another fact determines it ("16 or over" beside an unknown age). Without constraints,
/// [`relevant`] already finds every such fact.
fn narrows(rules: &RuleSet, work: &mut Scratch, f: usize, now: u64) -> bool {
    rules.compiled.constraint_root.is_some()
        && answer_outcomes(rules, work, f).is_some_and(|list| {
            list.iter()
                .any(|(_, mask)| mask & now == *mask && *mask != now)
        })
}

/// Whether the outcome depends on fact `f`: for some completion of the other unknowns,
/// different answers to it give different outcomes. Answering applies what the fact
/// presupposes, as any answer does alike.
fn relevant(rules: &RuleSet, work: &mut Scratch, f: usize) -> bool {
    let Some(fact) = rules.facts.get(f) else {
        return false;
    };
    // Answering applies what the fact presupposes, and makes `given` tests of it hold.
    // Under constraints the probe is a value the case as it stands allows, so that
    // answering undoes no inference (an inference stands only where consistent).
    let mut answers = all_answers(&fact.domain).unwrap_or_default().into_iter();
    let probe = if rules.compiled.constraint_root.is_some() {
        let mut current = Known::resolve(rules, &work.given).assignment(rules);
        answers.find(|a| {
            set_value(rules, f, a, &mut current);
            crate::case::constrained::consistent(rules, &current)
        })
    } else {
        answers.next()
    }
    .unwrap_or(Answer::Set(0));
    let old = work.answer(f, probe);
    let mut context = Known::resolve(rules, &work.given).assignment_without_forced(rules);
    assign_decisions_with(rules, &work.given, &mut context, &mut work.imports);
    work.restore(f, old);
    let vars = value_vars(rules, f);
    for var in vars {
        if let Some(slot) = context.get_mut(*var as usize) {
            *slot = None;
        }
    }
    let root = rules.compiled.outcome_root;
    if rules.compiled.constraint_root.is_some() {
        // Only consistent completions count: the outcome count's leaf marks the others.
        let excluded = u32::try_from(rules.outcomes.len()).unwrap_or(u32::MAX);
        return rules
            .compiled
            .diagram
            .differs_consistently(root, &context, vars, excluded);
    }
    rules
        .compiled
        .diagram
        .depends_on_any(root, &context, vars, &mut work.depends)
}

/// For each fact, whether answering it could not matter because nothing the case can
/// still reach tests it: no diagram node reachable under what is known tests its value or
/// whether it is answered, and answering it would imply nothing of another fact. Such a
/// fact's answer changes no variable any reachable node reads, so it is not relevant;
/// this saves the full check for most unknown facts of a nearly complete case. With
/// imports, an answer also changes imported determinations, so nothing is ruled out.
fn untested(rules: &RuleSet, known: &Known<'_>, assignment: &[Option<u8>]) -> Bits {
    let mut untested = Bits::new(rules.facts.len());
    if !rules.imports.is_empty() {
        return untested;
    }
    let vars = &rules.variables;
    let mut tested = Bits::new(vars.domains.len());
    rules
        .compiled
        .diagram
        .tested(rules.compiled.outcome_root, assignment, &mut tested);
    let is_tested = |var: &u32| tested.contains(*var as usize);
    for (f, fact) in rules.facts.iter().enumerate() {
        let implies = fact
            .presupposes
            .is_some_and(|(g, _)| known.status.get(g) != Some(&Status::Given));
        if !implies
            && !vars.given.get(f).is_none_or(is_tested)
            && !value_vars(rules, f).iter().any(is_tested)
        {
            untested.insert(f);
        }
    }
    untested
}

/// The missing facts, ordered so that questions whose answer can settle the outcome on
/// its own come first (then the rule file's order), and the next question.
///
/// A fact is listed when this rule set's outcome depends on it, and also when an imported
/// determination lists it (so an interview asks it too). The next question is the
/// unanswered fact (`null` counts as answered) whose worst answer leaves the fewest
/// outcomes possible; ties go to the smaller average over its answers, then to the rule
/// file's order. A fact that presupposes another is asked only once its presupposition is
/// known to hold: its question makes no sense before. When this rule set's outcome is
/// settled but an import's is not, the import's next question is asked.
pub(crate) fn missing_facts(
    rules: &RuleSet,
    given: &[Given],
    known: &Known<'_>,
    assignment: &[Option<u8>],
    settled: bool,
    decisions: &[Determination],
) -> (Vec<MissingFact>, Option<Question>) {
    // Built on first need: most unknown facts of a nearly complete case need none.
    let mut scratch: Option<Scratch> = None;
    let mut listed = Bits::new(rules.facts.len());
    let untested = untested(rules, known, assignment);
    // Only constraints need the outcomes possible now (see `narrows`).
    let now = match rules.compiled.constraint_root {
        Some(_) => {
            rules
                .compiled
                .diagram
                .reach(rules.compiled.outcome_root, assignment)
                & rules.compiled.consistent
        }
        None => 0,
    };
    for (f, _) in rules.facts.iter().enumerate() {
        let unknown = matches!(known.status.get(f), Some(Status::Unknown | Status::Asked));
        // Even a settled outcome can depend on an unknown fact: a `given` test changes
        // when the fact is answered, though no completion changes it.
        if unknown
            && !untested.contains(f)
            && (relevant(rules, scratch.get_or_insert_with(|| Scratch::new(given)), f)
                || narrows(
                    rules,
                    scratch.get_or_insert_with(|| Scratch::new(given)),
                    f,
                    now,
                ))
        {
            listed.insert(f);
        }
    }
    for det in decisions {
        for m in &det.missing_facts {
            if let Some(&f) = rules.fact_index.get(m.fact.as_str()) {
                listed.insert(f);
            }
        }
    }
    let mut settles = Vec::new();
    let mut others = Vec::new();
    let mut best: Option<((usize, usize), usize)> = None;
    for (f, fact) in rules.facts.iter().enumerate() {
        if !listed.contains(f) {
            continue;
        }
        let work = scratch.get_or_insert_with(|| Scratch::new(given));
        let outcomes = answer_outcomes(rules, work, f);
        let asked = known.status.get(f) == Some(&Status::Asked);
        let can_settle = outcomes
            .as_ref()
            .is_some_and(|o| o.iter().any(|(_, m)| m.count_ones() == 1));
        let makes_sense = fact.presupposes.is_none_or(
            |(g, v)| matches!(known.answers.get(g), Some(Some(Answer::Scalar(x))) if *x == v),
        );
        if !settled
            && !asked
            && makes_sense
            && let Some(o) = &outcomes
        {
            let counts: Vec<usize> = o.iter().map(|(_, m)| m.count_ones() as usize).collect();
            let worst = counts.iter().copied().max().unwrap_or(usize::MAX);
            // The average, scaled to compare without floating point.
            let mean = counts.iter().sum::<usize>() * 1000 / counts.len().max(1);
            if best.is_none_or(|(key, _)| (worst, mean) < key) {
                best = Some(((worst, mean), f));
            }
        }
        let entry = MissingFact {
            fact: fact.id.clone(),
            question: fact.question.clone(),
            cites: fact.cites.clone(),
            asked,
            answers: outcomes.map(|o| {
                o.into_iter()
                    .map(|(a, mask)| {
                        let shown = fact.answer_shown(&a);
                        let range = match &fact.domain {
                            Domain::Number(_) => shown.get("range").cloned(),
                            _ => None,
                        };
                        let (value, range) = match range {
                            Some(range) => (None, Some(range.into())),
                            None => (Some(shown), None),
                        };
                        AnswerOutcomes {
                            value,
                            range,
                            possible_outcomes: outcome_ids(rules, mask),
                        }
                    })
                    .collect()
            }),
        };
        if can_settle {
            settles.push(entry)
        } else {
            others.push(entry)
        }
    }
    let next = best
        .and_then(|(_, f)| rules.facts.get(f))
        .map(|fact| Question {
            fact: fact.id.clone(),
            question: fact.question.clone(),
            cites: fact.cites.clone(),
        })
        .or_else(|| decisions.iter().find_map(|d| d.next_question.clone()));
    settles.extend(others);
    (settles, next)
}
