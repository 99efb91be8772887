// The C# client's test of SafeguardingRules.cs over libsafeguarding_rules: the conformance
// list byte for byte, every error code, disposal and threads. Compiled with Mono's mcs
// together with the wrapper (bindings/csharp/ci.sh); run from the repository root (or give
// it as the first argument). Closes with "N passed, N failed"; exits 1 on a failure.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using SafeguardingRules;

internal static class Tests
{
    private static int passed;
    private static int failed;

    private const string GoodCase =
        "{\"rule_set\": \"care-act-2014-s44\", \"reference\": \"cs-test\", \"as_of\": \"2024-03-01\"," +
        " \"facts\": {\"in_board_area\": false}}";

    private static void Check(bool ok, string what, string detail = null)
    {
        if (ok)
        {
            passed++;
        }
        else
        {
            failed++;
            Console.WriteLine("FAIL: " + what + (detail == null ? "" : ": " + detail));
        }
    }

    /// <summary>The call throws SafeguardingRulesException with this code and return code,
    /// and every problem has a non-empty code.</summary>
    private static SafeguardingRulesException Throws(string what, string code, int returnCode, Action call)
    {
        try
        {
            call();
            Check(false, what, "no exception");
            return null;
        }
        catch (SafeguardingRulesException e)
        {
            Check(e.Code == code && e.ReturnCode == returnCode, what,
                "got " + e.Code + " (" + e.ReturnCode + "): " + e.Message);
            Check(!string.IsNullOrEmpty(e.Message) && e.Problems != null
                  && e.Problems.All(p => !string.IsNullOrEmpty(p.Code) && p.Pointer != null),
                what + ": message and problems", e.Json);
            return e;
        }
        catch (Exception e)
        {
            Check(false, what, "threw " + e.GetType().Name + ": " + e.Message);
            return null;
        }
    }

    private static Dictionary<string, object> Object(string json)
    {
        return (Dictionary<string, object>)MiniJson.Parse(json);
    }

    private sealed class ConformanceCase
    {
        public string Name;
        public string Case;
        public List<string> RuleFiles;
        public string Determination;
    }

    private static List<ConformanceCase> ReadConformance(string root)
    {
        var cases = new List<ConformanceCase>();
        string path = Path.Combine(root, "tests/conformance/cases.jsonl");
        foreach (var line in File.ReadAllLines(path, Encoding.UTF8))
        {
            if (line.Length == 0) continue;
            var o = Object(line);
            cases.Add(new ConformanceCase
            {
                Name = (string)o["name"],
                Case = (string)o["case"],
                RuleFiles = ((List<object>)o["rule_files"]).Cast<string>().ToList(),
                Determination = (string)o["determination"],
            });
        }
        return cases;
    }

    /// <summary>tests/conformance/renderings.jsonl: each case's renderings, byte for byte.</summary>
    private static void Renderings(Engine shared, string root)
    {
        string path = Path.Combine(root, "tests/conformance/renderings.jsonl");
        int count = 0;
        foreach (var line in File.ReadAllLines(path, Encoding.UTF8))
        {
            if (line.Length == 0) continue;
            var o = Object(line);
            var files = ((List<object>)o["rule_files"]).Cast<string>().ToList();
            string format = (string)o["format"];
            string name = (string)o["name"] + " " + format;
            try
            {
                string got;
                if (files.Count == 0) got = shared.Render((string)o["case"], format);
                else using (var own = new Engine(files)) got = own.Render((string)o["case"], format);
                Check(got == (string)o["output"], name, "the rendering differs from the conformance list");
            }
            catch (Exception e)
            {
                Check(false, name, e.Message);
            }
            count++;
        }
        Check(count >= 16, "the renderings list has the pictures of four cases");
    }

    private static bool Conforms(Engine shared, ConformanceCase c)
    {
        if (c.RuleFiles.Count == 0) return shared.Evaluate(c.Case) == c.Determination;
        using (var own = new Engine(c.RuleFiles))
        {
            return own.Evaluate(c.Case) == c.Determination;
        }
    }

    private static void Conformance(Engine engine, List<ConformanceCase> cases)
    {
        foreach (var c in cases)
        {
            bool ok;
            try
            {
                ok = Conforms(engine, c);
            }
            catch (Exception e)
            {
                Check(false, c.Name, e.Message);
                continue;
            }
            Check(ok, c.Name, "the determination differs from the conformance list");
        }
        Check(cases.Count >= 100, "the conformance list has every example and scenario case");
    }

    private static void Calls(Engine engine, string root)
    {
        Check(Engine.AbiVersion == 1, "the ABI version is 1");

        var det = Object(engine.Evaluate(GoodCase));
        Check((string)det["outcome"] == "outside_section_44", "Evaluate: the outcome");
        engine.Evaluate(GoodCase, "{\"as_of\": \"2024-03-02\", \"counterfactuals\": true}");
        Check(engine.Render(GoodCase, "json") == engine.Evaluate(GoodCase), "Render json is Evaluate's text");
        Check(engine.Render(GoodCase, "text").Length > 0, "Render text");
        Check(engine.Render(GoodCase, "markdown").StartsWith("# Record of reasons: "), "Render markdown");
        Check(engine.Render(GoodCase, "dot").StartsWith("digraph decision_path {"), "Render dot");
        Check(engine.Render(GoodCase, "mermaid").StartsWith("flowchart LR"), "Render mermaid");
        string html = engine.Render(GoodCase, "html");
        Check(html.StartsWith("<!DOCTYPE html>") && html.Contains("<svg") && !html.Contains("<script"),
            "Render html: a self-contained record with inline SVG");

        const string ChildCase = "{\"procedure\": \"hillingdon-think-family\", \"facts\": {\"age\": 12}}";
        string assessment = engine.Evaluate(ChildCase);
        Check(assessment.Contains("\"name\": \"sar_panel\",\n      \"applies\": false"), "Evaluate: an assessment, sar_panel not applying to a child", assessment);
        Check(engine.Render(ChildCase, "text").StartsWith("procedure: hillingdon-think-family"), "Render: an assessment as text");
        Check((string)Object(engine.Replay(engine.Record(ChildCase)))["verdict"] == "matched", "Replay: an assessment's record matches");

        string line = engine.Record(GoodCase);
        Check(line.IndexOf('\n') < 0, "Record: one line");
        var report = Object(engine.Replay(line));
        Check((string)report["verdict"] == "matched", "Replay: a fresh record matches", (string)report["detail"]);
        Check((string)report["reference"] == "cs-test", "Replay: the reference");
        Check((string)Object(engine.Replay("not a record"))["verdict"] == "invalid", "Replay: not a record is invalid");

        foreach (var which in new[] { "rules", "determination", "record", "case" })
        {
            Check(Object(Engine.Schema(which)).Count > 0, "Schema " + which);
        }
        Check(Object(engine.CaseSchema("care-act-2014-s44")).Count > 0, "CaseSchema");

        // Every error code.
        Throws("bad JSON", "case_error", 1, () => engine.Evaluate("{\"facts\": "));
        var e = Throws("an undeclared fact", "case_error", 1,
            () => engine.Evaluate("{\"facts\": {\"adult_stauts\": \"died\"}}"));
        Check(e != null && e.Problems.Count > 0 && e.Problems[0].Pointer == "/facts/adult_stauts",
            "an undeclared fact: its problem's pointer");
        Throws("an unknown rule set", "book_error", 1,
            () => engine.Evaluate("{\"rule_set\": \"no-such-rule-set\", \"facts\": {}}"));
        Throws("CaseSchema of an unknown rule set", "book_error", 1, () => engine.CaseSchema("no-such-rule-set"));
        Throws("a bad rule file", "load_error", 1, () => new Engine(new[] { "{\"id\": \"x\"}" }));
        Throws("rule files not JSON", "load_error", 1, () => Engine.FromRuleFilesJson("[\"{"));
        Throws("an unknown format", "usage_error", 2, () => engine.Render(GoodCase, "pdf"));
        Throws("an unknown schema", "usage_error", 2, () => Engine.Schema("nope"));
        Throws("an unknown option", "usage_error", 2, () => engine.Evaluate(GoodCase, "{\"asof\": \"2024-03-01\"}"));
        Throws("a null case", "usage_error", 2, () => engine.Evaluate(null));
        Throws("a null record line", "usage_error", 2, () => engine.Replay(null));
        Throws("a null format", "usage_error", 2, () => engine.Render(GoodCase, null));
        Throws("a null schema name", "usage_error", 2, () => Engine.Schema(null));
        Throws("100,000-deep nesting", "case_error", 1,
            () => engine.Evaluate(new string('[', 100000) + new string(']', 100000)));
        Throws("a 20 MB case", "case_error", 1,
            () => engine.Evaluate("{\"reference\": \"" + new string('a', 20 * 1024 * 1024) + "\", \"facts\": {}}"));
        // A lone surrogate cannot be UTF-8: the encoder writes U+FFFD, so the case is read.
        Throws("a lone surrogate", "case_error", 1, () => engine.Evaluate("{\"facts\": {\"in_board_area\": \"\ud800\"}}"));

        // An extra rule file that imports nothing.
        string act = File.ReadAllText(Path.Combine(root, "examples/rules/lantern-act.json"), Encoding.UTF8);
        string lanternCase = File.ReadAllText(Path.Combine(root, "examples/rules/lantern-case.json"), Encoding.UTF8);
        Throws("the lantern case without its rule file", "book_error", 1, () => engine.Evaluate(lanternCase));
        using (var lantern = new Engine(new[] { act }))
        {
            var lanternDet = Object(lantern.Evaluate(lanternCase));
            var ruleSet = (Dictionary<string, object>)lanternDet["rule_set"];
            Check((string)ruleSet["id"] == "harbour-lanterns-act-2031", "an extra rule file decides its case");
        }

        // A disposed engine.
        var gone = new Engine();
        gone.Dispose();
        gone.Dispose();
        try
        {
            gone.Evaluate(GoodCase);
            Check(false, "a disposed engine", "no exception");
        }
        catch (ObjectDisposedException)
        {
            Check(true, "a disposed engine throws ObjectDisposedException");
        }
    }

    private static void Threads(Engine engine, List<ConformanceCase> cases)
    {
        int mismatches = 0;
        var threads = new List<Thread>();
        for (int t = 0; t < 8; t++)
        {
            int offset = t * 13;
            var thread = new Thread(() =>
            {
                for (int k = 0; k < cases.Count; k++)
                {
                    var c = cases[(k + offset) % cases.Count];
                    bool ok;
                    try { ok = Conforms(engine, c); } catch (Exception) { ok = false; }
                    if (!ok) Interlocked.Increment(ref mismatches);
                }
            });
            threads.Add(thread);
            thread.Start();
        }
        foreach (var thread in threads) thread.Join();
        Check(mismatches == 0, "eight threads sharing one engine give the same bytes", mismatches + " mismatches");
    }

    // --- reports (issue 18) ---
    /// <summary>The demo history's year: the conformance report's bytes; then errors.</summary>
    private static void Report(Engine engine, string root)
    {
        string history = File.ReadAllText(Path.Combine(root, "examples/records/history.jsonl"), Encoding.UTF8);
        string expected = File.ReadAllText(Path.Combine(root, "tests/conformance/report-2024.json"), Encoding.UTF8);
        Check(engine.Report(history, "{\"year\": 2024}") == expected, "Report: the conformance report");
        Check(engine.Report("not a record\n").Contains("\"invalid\": 1"), "Report: a line not a record is counted invalid");
        Throws("a report option misspelt", "usage_error", 2, () => engine.Report("", "{\"yaer\": 2024}"));
        Throws("null records", "usage_error", 2, () => engine.Report(null));
    }
    // --- end reports ---

    private static int Main(string[] args)
    {
        string root = args.Length > 0 ? args[0] : ".";
        try
        {
            using (var engine = new Engine())
            {
                var cases = ReadConformance(root);
                Conformance(engine, cases);
                Renderings(engine, root);
                Calls(engine, root);
                Report(engine, root);
                Threads(engine, cases);
            }
        }
        catch (Exception e)
        {
            Check(false, "the tests ran to the end", e.ToString());
        }
        Console.WriteLine(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
