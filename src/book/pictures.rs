//! A procedure's structure as a picture: each decision's rule set a cluster, drawn as a
//! rule set's structure is. Here, not in `render/`, because a procedure and its renderings
//! are of one rank and meet only in the rule book.

use crate::procedure::load::Procedure;
use crate::render::structure::{sets_to_dot, sets_to_mermaid, sets_to_svg};
use crate::rules::ruleset::RuleSet;

impl Procedure {
    /// Each decision with its rule set, captioned "decision notification: hillingdon-… ".
    fn decision_sets(&self) -> Vec<(String, &RuleSet)> {
        self.decision_names()
            .filter_map(|name| {
                let rules = self.rule_set(name)?;
                let caption = format!(
                    "decision {name}: {}: {} (version {})",
                    rules.id(),
                    rules.title(),
                    rules.version()
                );
                Some((caption, rules))
            })
            .collect()
    }

    fn picture_title(&self) -> String {
        format!("Procedure {}: {}", self.id(), self.title())
    }

    /// The procedure's structure in Graphviz's DOT language: each decision's outcomes,
    /// rules and facts with their citations, a cluster a decision; an import two decisions
    /// share is drawn once.
    ///
    /// ```
    /// use safeguarding_rules::RuleBook;
    /// let book = RuleBook::embedded();
    /// let dot = book.procedure("hillingdon-think-family").unwrap().to_dot();
    /// assert!(dot.starts_with("digraph procedure {"));
    /// assert!(dot.contains("decision dhr"));
    /// ```
    pub fn to_dot(&self) -> String {
        sets_to_dot(&self.decision_sets(), "procedure", &self.picture_title())
    }

    /// The procedure's structure as a Mermaid flowchart (see [`Procedure::to_dot`]).
    ///
    /// ```
    /// use safeguarding_rules::RuleBook;
    /// let book = RuleBook::embedded();
    /// let procedure = book.procedure("hillingdon-think-family").unwrap();
    /// assert!(procedure.to_mermaid().starts_with("flowchart LR"));
    /// ```
    pub fn to_mermaid(&self) -> String {
        sets_to_mermaid(&self.decision_sets(), &self.picture_title())
    }

    /// The procedure's structure as the library's own SVG outline, decision by decision.
    ///
    /// ```
    /// use safeguarding_rules::RuleBook;
    /// let book = RuleBook::embedded();
    /// let procedure = book.procedure("hillingdon-think-family").unwrap();
    /// assert!(procedure.to_svg().starts_with("<svg"));
    /// ```
    pub fn to_svg(&self) -> String {
        sets_to_svg(&self.decision_sets(), &self.picture_title())
    }
}
