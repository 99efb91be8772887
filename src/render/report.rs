//! Renderings of a report: Markdown for a board's annual report and one self-contained HTML
//! page (inline CSS and SVG, no script, nothing loaded), each with bar charts (outcomes by
//! month, reasons, abuse types), the number beside every bar and the table behind every
//! chart.
//!
//! The bars are plain SVG written here: a chart is a list of labelled rectangles, and a
//! plotting crate would add a dependency (and fonts, sizes and escaping to control) for no
//! more than that.

use std::fmt::Write;

use serde_json::Value;

use crate::determination::report::{
    DecisionFigures, Figures, MonthFigures, Report, RuleSetFigures, Settling,
};

/// One bar: its label and its count.
type Bar = (String, u64);

/// A chart: a title, its bars, and the heading of the table behind it.
struct Chart {
    title: String,
    bars: Vec<Bar>,
    column: &'static str,
}

impl Report {
    /// The report as Markdown for a board's annual report: the period, what records cannot
    /// say, then each rule set's figures, each chart as inline SVG above its table.
    ///
    /// ```
    /// use safeguarding_rules::{RuleBook, Tally};
    /// let book = RuleBook::embedded();
    /// let report = Tally::new(&book, None).finish();
    /// assert!(report.to_markdown().starts_with("# Safeguarding adults reviews: figures"));
    /// ```
    pub fn to_markdown(&self) -> String {
        self.to_markdown_charting(&[])
    }

    /// [`Report::to_markdown`] with a chart of the answers to each of these facts too (the
    /// `report` example charts every set fact's, such as the types of abuse).
    pub fn to_markdown_charting(&self, facts: &[&str]) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Safeguarding adults reviews: figures {}\n",
            self.span()
        );
        let _ = writeln!(out, "{}\n", self.scope);
        let _ = writeln!(
            out,
            "## Records\n\n{}",
            md_table(&["", "records"], &self.record_rows())
        );
        for set in &self.rule_sets {
            let _ = writeln!(
                out,
                "## Rule set `{}` (version {})\n",
                set.id,
                set.versions.join(", ")
            );
            let _ = writeln!(out, "{} cases.\n", set.figures.cases);
            for chart in charts(set, &self.months, facts) {
                let _ = writeln!(out, "### {}\n\n{}\n", chart.title, svg(&chart));
                let _ = writeln!(
                    out,
                    "{}",
                    md_table(&[chart.column, "cases"], &rows(&chart.bars))
                );
            }
            for (title, column, rows) in tables(&set.figures) {
                let _ = writeln!(
                    out,
                    "### {title}\n\n{}",
                    md_table(&[column, "cases"], &rows)
                );
            }
            let s = settling_rows(&set.figures.days_to_settle);
            let _ = writeln!(out, "### Days to settle\n\n{}", md_table(&["", "days"], &s));
        }
        for p in &self.procedures {
            let _ = writeln!(out, "## Procedure `{}`\n", p.id);
            for d in &p.decisions {
                let _ = writeln!(
                    out,
                    "### Decision `{}` (rule set `{}`)\n\n{}\n",
                    d.name,
                    d.rule_set,
                    decision_line(d)
                );
                let chart = outcome_chart(d);
                let _ = writeln!(out, "#### {}\n\n{}\n", chart.title, svg(&chart));
                for (title, column, rows) in tables(&d.figures) {
                    let _ = writeln!(
                        out,
                        "#### {title}\n\n{}",
                        md_table(&[column, "cases"], &rows)
                    );
                }
                let s = settling_rows(&d.figures.days_to_settle);
                let _ = writeln!(
                    out,
                    "#### Days to settle\n\n{}",
                    md_table(&["", "days"], &s)
                );
            }
        }
        if !self.referrals.is_empty() {
            let _ = writeln!(
                out,
                "## Referrals by source\n\n{}",
                md_table(&REFERRAL_COLUMNS, &self.referral_rows())
            );
        }
        out
    }

    /// The report as one self-contained HTML page: inline CSS and SVG, no script, nothing
    /// loaded from anywhere; every chart with the number beside each bar and its table.
    ///
    /// ```
    /// use safeguarding_rules::{RuleBook, Tally};
    /// let book = RuleBook::embedded();
    /// let html = Tally::new(&book, None).finish().to_html();
    /// assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("<script"));
    /// ```
    pub fn to_html(&self) -> String {
        self.to_html_charting(&[])
    }

    /// [`Report::to_html`] with a chart of the answers to each of these facts too.
    pub fn to_html_charting(&self, facts: &[&str]) -> String {
        let mut out = String::new();
        let title = format!("Safeguarding adults reviews: figures {}", self.span());
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p class=\"scope\">{}</p>\n",
            esc(&title),
            esc(&title),
            esc(&self.scope)
        );
        let _ = writeln!(
            out,
            "<h2>Records</h2>\n{}",
            html_table(&["", "records"], &self.record_rows())
        );
        for set in &self.rule_sets {
            let _ = writeln!(
                out,
                "<section>\n<h2>Rule set <code>{}</code> (version {})</h2>\n<p>{} cases.</p>",
                esc(&set.id),
                esc(&set.versions.join(", ")),
                set.figures.cases
            );
            for chart in charts(set, &self.months, facts) {
                let _ = writeln!(
                    out,
                    "<figure>\n<figcaption><h3>{}</h3></figcaption>\n{}\n{}</figure>",
                    esc(&chart.title),
                    svg(&chart),
                    html_table(&[chart.column, "cases"], &rows(&chart.bars))
                );
            }
            for (title, column, rows) in tables(&set.figures) {
                let _ = writeln!(
                    out,
                    "<h3>{}</h3>\n{}",
                    esc(&title),
                    html_table(&[column, "cases"], &rows)
                );
            }
            let s = settling_rows(&set.figures.days_to_settle);
            let _ = writeln!(
                out,
                "<h3>Days to settle</h3>\n{}</section>",
                html_table(&["", "days"], &s)
            );
        }
        for p in &self.procedures {
            let _ = writeln!(out, "<h2>Procedure <code>{}</code></h2>", esc(&p.id));
            for d in &p.decisions {
                let _ = writeln!(
                    out,
                    "<section>\n<h3>Decision <code>{}</code> (rule set <code>{}</code>)</h3>\n<p>{}</p>",
                    esc(&d.name),
                    esc(&d.rule_set),
                    esc(&decision_line(d))
                );
                let chart = outcome_chart(d);
                let _ = writeln!(
                    out,
                    "<figure>\n<figcaption><h4>{}</h4></figcaption>\n{}\n</figure>",
                    esc(&chart.title),
                    svg(&chart)
                );
                for (title, column, rows) in tables(&d.figures) {
                    let _ = writeln!(
                        out,
                        "<h4>{}</h4>\n{}",
                        esc(&title),
                        html_table(&[column, "cases"], &rows)
                    );
                }
                let s = settling_rows(&d.figures.days_to_settle);
                let _ = writeln!(
                    out,
                    "<h4>Days to settle</h4>\n{}</section>",
                    html_table(&["", "days"], &s)
                );
            }
        }
        if !self.referrals.is_empty() {
            let _ = writeln!(
                out,
                "<h2>Referrals by source</h2>\n{}",
                html_table(&REFERRAL_COLUMNS, &self.referral_rows())
            );
        }
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }

    fn span(&self) -> String {
        match &self.period {
            Some(p) => format!("from {} to {}", p.from, p.to),
            None => "(no dated records)".to_string(),
        }
    }

    fn record_rows(&self) -> Vec<Vec<String>> {
        let r = &self.records;
        [
            ("read", r.read),
            ("invalid", r.invalid),
            ("undated", r.undated),
            ("outside the period", r.outside_period),
            ("in the period", r.in_period),
            (
                "in the period, not matched on replay (left out)",
                r.not_matched,
            ),
        ]
        .iter()
        .map(|(k, v)| vec![(*k).to_string(), v.to_string()])
        .collect()
    }

    fn referral_rows(&self) -> Vec<Vec<String>> {
        self.referrals
            .iter()
            .map(|r| {
                let d = &r.days_to_settle;
                vec![
                    r.source.to_string(),
                    r.cases.to_string(),
                    d.settled.to_string(),
                    d.unsettled.to_string(),
                    d.median.map_or("-".to_string(), |m| m.to_string()),
                    d.max.map_or("-".to_string(), |m| m.to_string()),
                ]
            })
            .collect()
    }
}

const REFERRAL_COLUMNS: [&str; 6] = [
    "source",
    "cases",
    "settled",
    "unsettled",
    "median days",
    "max days",
];

/// The charts of a rule set: outcomes by month, reasons, and the answers to each fact
/// asked for that the rule set has answers to.
fn charts(set: &RuleSetFigures, months: &[MonthFigures], facts: &[&str]) -> Vec<Chart> {
    let by_month = months
        .iter()
        .filter(|m| m.rule_set == set.id)
        .flat_map(|m| {
            m.outcomes
                .iter()
                .filter(|o| o.cases > 0)
                .map(move |o| (format!("{} {}", m.month, o.outcome), o.cases))
        })
        .collect();
    let reasons = set
        .figures
        .reasons
        .iter()
        .map(|r| {
            let test = r
                .test
                .as_ref()
                .map(|t| format!(" {}", t.value()))
                .unwrap_or_default();
            (
                format!("{}, not {}: {}{test}", r.outcome, r.not, r.because),
                r.cases,
            )
        })
        .collect();
    let mut charts = vec![
        Chart {
            title: "Outcomes by month".to_string(),
            bars: by_month,
            column: "month and outcome",
        },
        Chart {
            title: "Why not an earlier outcome".to_string(),
            bars: reasons,
            column: "outcome, not, because",
        },
    ];
    for fact in facts {
        let bars: Vec<Bar> = (set.figures.answers.iter())
            .filter(|a| a.fact == *fact)
            .map(|a| (shown(a.value.value()), a.cases))
            .collect();
        if !bars.is_empty() {
            let title = fact.replace('_', " ");
            let mut letters = title.chars();
            let title = letters
                .next()
                .map(|c| c.to_uppercase().chain(letters).collect())
                .unwrap_or(title);
            charts.push(Chart {
                title,
                bars,
                column: "answer",
            });
        }
    }
    charts
}

/// The tables without a chart: outcomes, awaiting, notes, answers.
fn tables(f: &Figures) -> Vec<(String, &'static str, Vec<Vec<String>>)> {
    let two = |items: Vec<(String, u64)>| rows(&items);
    vec![
        (
            "Outcomes".to_string(),
            "outcome",
            two(f
                .outcomes
                .iter()
                .map(|o| (o.outcome.to_string(), o.cases))
                .collect()),
        ),
        (
            "Facts awaited by undetermined cases".to_string(),
            "fact",
            two(f
                .awaiting
                .iter()
                .map(|a| (a.fact.to_string(), a.cases))
                .collect()),
        ),
        (
            "Notes raised".to_string(),
            "note",
            two(f
                .notes
                .iter()
                .map(|n| (n.id.to_string(), n.cases))
                .collect()),
        ),
        (
            "Answers given".to_string(),
            "fact: answer",
            two(f
                .answers
                .iter()
                .map(|a| (format!("{}: {}", a.fact, shown(a.value.value())), a.cases))
                .collect()),
        ),
    ]
}

/// A decision's outcomes as a bar chart (its table follows among the tables).
fn outcome_chart(d: &DecisionFigures) -> Chart {
    Chart {
        title: format!("Outcomes of {}", d.name),
        bars: (d.figures.outcomes.iter())
            .map(|o| (o.outcome.to_string(), o.cases))
            .collect(),
        column: "outcome",
    }
}

/// "5 cases decided; 3 it did not apply to; 0 not in force on their date."
fn decision_line(d: &DecisionFigures) -> String {
    format!(
        "{} cases decided; {} it did not apply to; {} whose date its rule set was not in force on.",
        d.figures.cases, d.not_applying, d.not_in_force
    )
}

fn shown(value: &Value) -> String {
    match value {
        Value::Object(o) if o.contains_key("range") => {
            crate::render::text::range_words(o.get("range").unwrap_or(&Value::Null))
        }
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn rows(bars: &[Bar]) -> Vec<Vec<String>> {
    bars.iter()
        .map(|(l, n)| vec![l.clone(), n.to_string()])
        .collect()
}

fn settling_rows(s: &Settling) -> Vec<Vec<String>> {
    let opt = |v: Option<String>| v.unwrap_or_else(|| "-".to_string());
    vec![
        vec!["settled cases".to_string(), s.settled.to_string()],
        vec!["unsettled cases".to_string(), s.unsettled.to_string()],
        vec!["median".to_string(), opt(s.median.map(|m| m.to_string()))],
        vec!["max".to_string(), opt(s.max.map(|m| m.to_string()))],
    ]
}

/// A Markdown table; `|` in a cell is escaped.
fn md_table(head: &[&str], rows: &[Vec<String>]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = format!(
        "| {} |\n|{}\n",
        head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "),
        "---|".repeat(head.len())
    );
    if rows.is_empty() {
        let _ = writeln!(
            out,
            "| (none) |{}",
            " |".repeat(head.len().saturating_sub(1))
        );
    }
    for row in rows {
        let _ = writeln!(
            out,
            "| {} |",
            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        );
    }
    out
}

fn html_table(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<table>\n<thead><tr>");
    for h in head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    if rows.is_empty() {
        let _ = writeln!(out, "<tr><td colspan=\"{}\">(none)</td></tr>", head.len());
    }
    for row in rows {
        out.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            let class = if i > 0 { " class=\"n\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", esc(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

const LABEL_WIDTH: u64 = 360;
const BAR_WIDTH: u64 = 240;
const ROW: u64 = 22;

/// A horizontal bar chart: the label left of each bar, its number right of it.
fn svg(chart: &Chart) -> String {
    let most = chart.bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let height = ROW * (chart.bars.len() as u64).max(1) + 8;
    let width = LABEL_WIDTH + BAR_WIDTH + 60;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n<title>{}</title>\n",
        esc(&chart.title)
    );
    if chart.bars.is_empty() {
        let _ = writeln!(out, "<text x=\"4\" y=\"16\">(none)</text>");
    }
    for (i, (label, n)) in chart.bars.iter().enumerate() {
        let y = ROW * i as u64 + 4;
        let w = BAR_WIDTH.saturating_mul(*n).div_ceil(most);
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{w}\" height=\"{}\" fill=\"#4a4a4a\"/><text x=\"{}\" y=\"{}\">{n}</text>",
            LABEL_WIDTH - 6,
            y + 14,
            esc(&clip(label)),
            ROW - 6,
            LABEL_WIDTH + w + 6,
            y + 14
        );
    }
    out.push_str("</svg>");
    out
}

/// A label cut to fit the space left of the bars (the table beside gives it in full).
fn clip(label: &str) -> String {
    const MOST: usize = 58;
    if label.chars().count() <= MOST {
        label.to_string()
    } else {
        label.chars().take(MOST - 1).chain(['…']).collect()
    }
}

/// Text escaped for HTML and SVG, in elements and attributes alike.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em;color:#111}\
table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #888;padding:0.2em 0.5em;text-align:left}\
td.n{text-align:right}figure{margin:0 0 1em}svg{max-width:100%;height:auto}\
@media print{@page{size:A4;margin:15mm}section{break-inside:auto}figure{break-inside:avoid}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_labels_clipped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(clip(&"x".repeat(100)).chars().count(), 58);
        let chart = Chart {
            title: "<t>".into(),
            bars: vec![("<script>".into(), 3)],
            column: "c",
        };
        let drawn = svg(&chart);
        assert!(drawn.contains("&lt;script&gt;") && !drawn.contains("<script>"));
        // The number stands beside the bar.
        assert!(drawn.contains(">3</text>"));
    }
}
