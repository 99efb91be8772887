// Evaluates one case file with the embedded rule packs and prints the determination JSON
// (or the error, on standard error). See bindings/csharp/README.md.
using System;
using System.IO;
using SafeguardingRules;

internal static class Evaluate
{
    private static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: mono evaluate.exe CASE.json");
            return 2;
        }
        try
        {
            using (var engine = new Engine())   // the embedded rule packs only
            {
                string caseJson = File.ReadAllText(args[0]);
                Console.WriteLine(engine.Evaluate(caseJson, "{\"counterfactuals\": true}"));
                return 0;
            }
        }
        catch (SafeguardingRulesException e)
        {
            Console.Error.WriteLine(e.Code + ": " + e.Message);
            foreach (var p in e.Problems) Console.Error.WriteLine("  " + p.Pointer + ": " + p.Message);
            return e.ReturnCode;
        }
    }
}
