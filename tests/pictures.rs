//! Pictures of the reasoning: the decision path of every example case pinned in DOT and
//! Mermaid, the examples in `docs/pictures/` kept current, the record of reasons checked
//! for what a panel needs, and hostile text that stays text.
//!
//! `docs/pictures/` is regenerated with
//!
//! ```text
//! SGR_UPDATE_PICTURES=1 cargo test --test pictures
//! ```
//!
//! The real renderers (Graphviz, Mermaid's parser, headless Chromium) are run on the same
//! outputs by `.ci/run`; this test needs none of them.

use std::path::{Path, PathBuf};

use safeguarding_rules::{Case, RecordOfReasons, RuleBook, RuleSet};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The rule set a case names: an embedded pack, or one of the example rule files.
fn rules_for(case: &Case) -> RuleSet {
    let book = RuleBook::embedded();
    if let Ok(rules) = book.select_for(case) {
        return rules.clone();
    }
    let id = case.rule_set.as_deref().unwrap_or("");
    for path in json_files("examples/rules") {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Ok(rules) = RuleSet::from_json(&text)
            && rules.id() == id
        {
            return rules;
        }
    }
    panic!("no rule set `{id}`")
}

/// Every example case, as (name, case, rule set).
fn example_cases() -> Vec<(String, Case, RuleSet)> {
    let mut files = json_files("examples/cases");
    files.extend(json_files("examples/cases/hillingdon"));
    files.extend(
        json_files("examples/rules")
            .into_iter()
            .filter(|p| stem(p).ends_with("-case")),
    );
    files
        .into_iter()
        .map(|path| {
            let case = Case::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let rules = rules_for(&case);
            (stem(&path), case, rules)
        })
        .collect()
}

#[test]
fn every_example_case_decision_path_is_pinned_in_dot_and_mermaid() {
    let cases = example_cases();
    assert!(cases.len() > 20, "only {} example cases", cases.len());
    for (name, case, rules) in cases {
        let det = rules.bind(&case).unwrap().evaluate();
        let record = RecordOfReasons::new(&det)
            .with_rules(&rules)
            .with_case(&case);
        insta::assert_snapshot!(format!("{name}.dot"), record.to_dot());
        insta::assert_snapshot!(format!("{name}.mmd"), record.to_mermaid());
    }
}

/// The three example cases `docs/pictures/` shows: mandatory, discretionary after the
/// Panel declined a SAR and referred the case, and undetermined.
const DOCUMENTED: [&str; 3] = [
    "examples/cases/mandatory-condition-1-hypothermia.json",
    "examples/cases/hillingdon/sar-panel-refer-death-not-linked.json",
    "examples/cases/design-example-2024-017.json",
];

#[test]
fn docs_pictures_are_current() {
    let update = std::env::var_os("SGR_UPDATE_PICTURES").is_some();
    let dir = root().join("docs/pictures");
    let mut stale = Vec::new();
    for file in DOCUMENTED {
        let path = root().join(file);
        let case = Case::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let rules = rules_for(&case);
        let det = rules.bind(&case).unwrap().evaluate();
        let record = RecordOfReasons::new(&det)
            .with_rules(&rules)
            .with_case(&case);
        for (ext, text) in [
            ("dot", record.to_dot()),
            ("svg", record.to_svg()),
            ("html", record.to_html()),
        ] {
            let out = dir.join(format!("{}.{ext}", stem(&path)));
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&out, &text).unwrap();
            } else if std::fs::read_to_string(&out).ok().as_deref() != Some(text.as_str()) {
                stale.push(out.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale pictures (regenerate with SGR_UPDATE_PICTURES=1 cargo test --test pictures):\n{}",
        stale.join("\n")
    );
}

/// What a filed record must not do: run code or load anything.
fn assert_self_contained(name: &str, html: &str) {
    let lower = html.to_lowercase();
    for bad in [
        "<script",
        "<link",
        "@import",
        "<iframe",
        "<object",
        "<embed",
        " src=",
        "href=\"javascript",
    ] {
        assert!(!lower.contains(bad), "{name}: the HTML holds `{bad}`");
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        assert!(
            rest[at + 4..].trim_start().starts_with("data:"),
            "{name}: a url() not data:"
        );
        rest = &rest[at + 4..];
    }
}

/// The heading levels in order, none skipped, starting with one `h1`.
fn assert_headings_in_order(name: &str, html: &str) {
    let mut level = 0;
    let mut h1 = 0;
    for (i, _) in html.match_indices("<h") {
        let Some(d) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        assert!(d <= level + 1, "{name}: h{d} after h{level}");
        h1 += usize::from(d == 1);
        level = d;
    }
    assert_eq!(h1, 1, "{name}: one h1");
}

#[test]
fn every_example_case_html_is_a_record_a_panel_can_file() {
    for (name, case, rules) in example_cases() {
        let det = rules.bind(&case).unwrap().evaluate();
        let html = RecordOfReasons::new(&det)
            .with_rules(&rules)
            .with_case(&case)
            .to_html();
        assert_self_contained(&name, &html);
        assert_headings_in_order(&name, &html);
        assert!(html.contains("<svg"), "{name}: no inline SVG");
        assert!(html.contains("@page { size: A4"), "{name}: no A4 print CSS");
        assert!(
            html.contains(det.rule_set.fingerprint.as_str()),
            "{name}: no fingerprint"
        );
        assert!(
            html.contains(&format!("<td>{}</td>", det.rule_set.version)),
            "{name}: no version"
        );
        if let Some(reference) = &case.reference {
            assert!(html.contains(reference.as_str()), "{name}: no reference");
        }
        if let Some(as_of) = &case.as_of {
            assert!(html.contains(as_of.as_str()), "{name}: no as_of");
        }
        // Every provision cited anywhere in the determination is quoted.
        for (id, p) in &det.provisions {
            let quoted = html_escape(&p.text).replace('\n', "<br>");
            assert!(html.contains(&quoted), "{name}: provision {id} not quoted");
        }
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn the_markdown_record_carries_what_a_panel_files() {
    let path = root().join("examples/cases/mandatory-condition-1-hypothermia.json");
    let case = Case::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rules = rules_for(&case);
    let det = rules.bind(&case).unwrap().evaluate();
    let md = RecordOfReasons::new(&det)
        .with_rules(&rules)
        .with_case(&case)
        .to_markdown();
    assert!(
        md.contains("example-hypothermia-self-neglect"),
        "the reference"
    );
    assert!(md.contains("| Decided as of | 2023-06-01 |"), "the date");
    assert!(
        md.contains(det.rule_set.fingerprint.as_str()),
        "the fingerprint"
    );
    // Recorded-only facts given are listed and marked.
    assert!(md.contains("Was the local authority meeting any of the adult's needs for care and support? (recorded only"));
    // Reasons in the rule file's words, not ids.
    assert!(!md.contains("rule in_scope"));
    assert!(!md.contains("adult_status is died"));
    assert!(md.contains("Has the adult died, or are they still alive?"));
    // Every provision cited is quoted, s44(3) among them though it decided nothing.
    for (id, p) in &det.provisions {
        assert!(md.contains(&format!("**{id}**: ")), "{id} not quoted");
        // The quotation's opening words, up to the first character Markdown escapes.
        let opening: String = p
            .text
            .chars()
            .take_while(|c| c.is_alphanumeric() || " ,.-—()'\"".contains(*c))
            .collect();
        assert!(
            md.contains(&format!("> {opening}")),
            "{id}: `{opening}` not quoted"
        );
    }
    // The diagram last, under its heading.
    let at = md
        .find("## Decision path (diagram)\n\n```mermaid\nflowchart LR")
        .expect("the diagram section");
    assert!(md[at..].trim_end().ends_with("```"));
    assert_eq!(
        md.matches("\n## ").count(),
        md[..at].matches("\n## ").count() + 1,
        "the diagram is the last section"
    );
}

#[test]
fn emphasis_falls_only_on_what_decided() {
    // Nothing is known: nothing decided, so nothing is bold in the reasons.
    let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    let det = rules.evaluate_json(r#"{"facts": {}}"#).unwrap();
    let md = det.to_markdown();
    let reasons = &md[md.find("## Reasons").unwrap()..md.find("## Facts still needed").unwrap()];
    assert_eq!(reasons.matches("- **").count(), 0, "{reasons}");
    // Settled mandatory: the unknown seriousness steps under condition 2 are not bold,
    // the outcome and the facts that decided it are.
    let det = rules
        .evaluate_json(r#"{"facts": {"age_18_or_over": true, "in_board_area": true, "care_and_support_needs": true,
            "joint_working_concern": true, "adult_status": "died", "death_from_abuse_or_neglect": "known"}}"#)
        .unwrap();
    let md = det.to_markdown();
    assert!(md.contains("- **✔ holds: the board must arrange a review"));
    assert!(!md.contains("**? not yet known"));
    assert!(!md.contains("**✘ fails: condition 2"));
}

#[test]
fn a_rule_sets_structure_is_drawn_with_its_imports_as_clusters() {
    let rules = RuleSet::embedded("hillingdon-sar-panel").unwrap();
    let dot = rules.to_dot();
    assert_eq!(dot.matches("subgraph cluster_").count(), 2, "{dot}");
    assert!(dot.contains("imported as s44: care-act-2014-s44"));
    for id in rules.outcome_ids() {
        assert!(dot.contains(id), "{id}");
    }
    for id in rules.fact_ids() {
        assert!(dot.contains(&format!("fact {id}")), "{id}");
    }
    assert!(rules.to_mermaid().contains("subgraph cluster1"));
    assert!(
        rules
            .to_svg()
            .contains("care-act-2014-s44: outcome 1 of 3: mandatory_review")
    );
}

/// A rule file and case whose every string holds `"`, `]`, `;`, `<script>`, `%%{`,
/// newlines, and (the first answer's source) 1 KiB of text. `.ci/run` gives the same
/// outputs to Graphviz, Mermaid's parser and Chromium.
#[test]
fn hostile_text_stays_text() {
    let act = std::fs::read_to_string(root().join("tests/pictures/hostile-act.json")).unwrap();
    let case_text =
        std::fs::read_to_string(root().join("tests/pictures/hostile-case.json")).unwrap();
    let rules = RuleSet::from_json(&act).unwrap();
    let case = Case::from_json(&case_text).unwrap();
    assert!(case.facts["raining"]["source"].as_str().unwrap().len() >= 1024);
    let det = rules.bind(&case).unwrap().evaluate();
    let record = RecordOfReasons::new(&det)
        .with_rules(&rules)
        .with_case(&case);

    let html = record.to_html();
    assert_self_contained("hostile", &html);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the text is shown, as text"
    );
    assert!(!html.contains("href=\"javascript"));

    let mermaid = record.to_mermaid();
    for line in mermaid
        .lines()
        .filter(|l| !l.trim_start().starts_with("classDef"))
    {
        // Entity codes (`#34;`) are how the text's characters are written; set aside,
        // nothing of the text may be left that Mermaid reads.
        let mut bare = String::new();
        let mut rest = line;
        while let Some(at) = rest.find('#') {
            bare.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            assert!(
                digits > 0 && after[digits..].starts_with(';'),
                "a bare `#`: {line}"
            );
            rest = &after[digits + 1..];
        }
        bare.push_str(rest);
        for bad in [";", "%%{", "<script", "`"] {
            assert!(
                !bare.contains(bad),
                "mermaid holds `{bad}` from the text: {line}"
            );
        }
        assert!(
            bare.matches('"').count() <= 2,
            "a label closed early: {line}"
        );
    }
    let dot = record.to_dot();
    assert!(
        !dot.contains("\n\"") && !dot.contains("\"]; <"),
        "a DOT label closed early"
    );
    // Each DOT line's quotes balance once escaped quotes are set aside.
    for line in dot.lines() {
        let unescaped = line.replace("\\\\", "").replace("\\\"", "");
        assert_eq!(
            unescaped.matches('"').count() % 2,
            0,
            "unbalanced quotes: {line}"
        );
    }
    let md = record.to_markdown();
    // Markup characters are backslash-escaped: `\<script` is text.
    let text = &md[..md.find("## Decision path (diagram)").unwrap()];
    assert!(
        !text.replace("\\<", "").contains('<'),
        "markdown holds raw markup"
    );
    // In DOT `<script>` inside a quoted label is text; in SVG and Mermaid it must not
    // appear at all.
    for text in [rules.to_mermaid(), rules.to_svg(), record.to_svg()] {
        assert!(!text.contains("<script"));
    }
}

/// The README shows the mandatory example's decision path as the Markdown record ends.
#[test]
fn the_readme_picture_is_current() {
    let path = root().join(DOCUMENTED[0]);
    let case = Case::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rules = rules_for(&case);
    let det = rules.bind(&case).unwrap().evaluate();
    let mermaid = RecordOfReasons::new(&det)
        .with_rules(&rules)
        .with_case(&case)
        .to_mermaid();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("```mermaid\n{mermaid}```")),
        "the README's mermaid block is not the mandatory example's decision path"
    );
}

/// An assessment of an example think-family case, with the rule set behind each decision.
fn think_family(file: &str) -> (safeguarding_rules::Assessment, Case, RuleBook) {
    let text =
        std::fs::read_to_string(root().join("examples/cases/think-family").join(file)).unwrap();
    let case = Case::from_json(&text).unwrap();
    let book = RuleBook::embedded();
    let assessment = book.assess(&case).unwrap();
    (assessment, case, book)
}

#[test]
fn an_assessment_is_drawn_a_cluster_and_a_section_a_decision() {
    for file in [
        "woman-70-killed-by-son-she-lived-with.json",
        "boy-12-seriously-harmed-in-wales.json",
        "nothing-known.json",
    ] {
        let (assessment, case, book) = think_family(file);
        let procedure = book.procedure("hillingdon-think-family").unwrap();
        let mut reasons = safeguarding_rules::AssessmentReasons::new(&assessment).with_case(&case);
        for name in procedure.decision_names() {
            reasons = reasons.with_rules(name, procedure.rule_set(name).unwrap());
        }
        let (dot, mermaid, html) = (reasons.to_dot(), reasons.to_mermaid(), reasons.to_html());
        let n = assessment.decisions.len();
        assert_eq!(n, 5);
        for (k, d) in assessment.decisions.iter().enumerate() {
            assert_eq!(
                dot.matches(&format!("subgraph cluster_decision_{k} {{"))
                    .count(),
                1,
                "{file}: {dot}"
            );
            assert!(mermaid.contains(&format!("subgraph decision{k}[\"{}: ", d.name)));
            assert!(html.contains(&format!(
                "<section id=\"decision-{k}\">\n<h2>Decision {}: ",
                d.name
            )));
            // Each decided decision's figures sit inside its own cluster.
            if d.determination.is_some() {
                assert!(
                    dot.contains(&format!("subgraph cluster_{k}_0 {{")),
                    "{file}"
                );
                assert!(
                    mermaid.contains(&format!("subgraph figure{k}_0[")),
                    "{file}"
                );
            }
        }
        assert!(dot.starts_with("digraph assessment {") && dot.ends_with("}\n"));
        assert_eq!(dot.matches('{').count(), dot.matches('}').count(), "{file}");
        assert_eq!(
            mermaid.matches("\n  subgraph ").count() + mermaid.matches("\n    subgraph ").count(),
            mermaid.matches("\n  end").count() + mermaid.matches("\n    end").count(),
            "{file}"
        );
        assert_self_contained(file, &html);
        assert_headings_in_order(file, &html);
        assert_eq!(html.matches("<section id=\"decision-").count(), n);
    }
    // A child: the SAR panel's decision does not apply, and says so in one box.
    let (assessment, _, _) = think_family("boy-12-seriously-harmed-in-wales.json");
    let dot = assessment.to_dot();
    assert!(
        dot.contains("label=\"sar_panel: does not apply to this case\";"),
        "{dot}"
    );
    // A fact forced by a constraint shows it in the picture, not as given.
    let (assessment, _, _) = think_family("woman-70-killed-by-son-she-lived-with.json");
    assert!(
        assessment.to_mermaid().contains("forced by constraint"),
        "a constrained fact is drawn as such"
    );
}
