// SafeguardingRules.cs: a small P/Invoke wrapper over the C library libsafeguarding_rules
// (bindings/c), for .NET systems. netstandard2.0-compatible C#, no dependencies. Tested on
// Mono only.
//
// JSON text in, JSON text out: an Engine returns the library's JSON as strings, for the
// caller to parse with its own JSON library. Errors are thrown as SafeguardingRulesException,
// with the error JSON's Code ("case_error", "load_error", "book_error", "usage_error",
// "internal_error") and Problems. Strings cross the boundary as UTF-8, marshalled by hand;
// every string the library returns is freed with sgr_string_free, and the engine with
// sgr_engine_free when the Engine is disposed (or finalized).

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace SafeguardingRules
{
    /// <summary>An engine: the embedded rule packs plus the rule files it was made with.
    /// Immutable: share one between threads. Dispose it to free it.</summary>
    public sealed class Engine : IDisposable
    {
        private readonly EngineHandle handle;

        /// <summary>The embedded rule packs only.</summary>
        public Engine() : this((IEnumerable<string>)null)
        {
        }

        /// <summary>The embedded rule packs plus these rule files' texts (which may import
        /// each other in any order); null for the embedded packs only.</summary>
        public Engine(IEnumerable<string> ruleFiles)
            : this(Native.RuleFilesJson(ruleFiles), true)
        {
        }

        private Engine(string ruleFilesJson, bool _)
        {
            IntPtr error;
            int rc = Native.sgr_engine_new(Native.ToUtf8(ruleFilesJson), out handle, out error);
            if (rc != 0)
            {
                string json = Native.TakeString(error);
                handle.Dispose();
                throw SafeguardingRulesException.FromJson(rc, json);
            }
        }

        /// <summary>The engine from a JSON array of rule file texts (or "null").</summary>
        public static Engine FromRuleFilesJson(string ruleFilesJson)
        {
            return new Engine(ruleFilesJson, true);
        }

        /// <summary>The version of the C interface (1).</summary>
        public static uint AbiVersion
        {
            get { return Native.sgr_abi_version(); }
        }

        /// <summary>Evaluates a case (JSON text): the determination's JSON. Options: null, or
        /// {"as_of": "YYYY-MM-DD", "counterfactuals": true}.</summary>
        public string Evaluate(string caseJson, string optionsJson = null)
        {
            IntPtr result;
            int rc = Native.sgr_evaluate(handle, Native.ToUtf8(caseJson), Native.ToUtf8(optionsJson), out result);
            return Native.Answer(rc, result);
        }

        /// <summary>Evaluates a case and renders it as "json", "text", "markdown" or "html" (the
        /// record of reasons), "dot" or "mermaid" (the decision path).</summary>
        public string Render(string caseJson, string format, string optionsJson = null)
        {
            IntPtr result;
            int rc = Native.sgr_render(handle, Native.ToUtf8(caseJson), Native.ToUtf8(format),
                Native.ToUtf8(optionsJson), out result);
            return Native.Answer(rc, result);
        }

        /// <summary>Evaluates a case: one audit record line (JSON, no newline).</summary>
        public string Record(string caseJson, string optionsJson = null)
        {
            IntPtr result;
            int rc = Native.sgr_record(handle, Native.ToUtf8(caseJson), Native.ToUtf8(optionsJson), out result);
            return Native.Answer(rc, result);
        }

        /// <summary>Replays one audit record line: {"reference", "verdict", "differences",
        /// "detail"}. A line that is not a record gives the verdict "invalid".</summary>
        public string Replay(string recordLine)
        {
            IntPtr result;
            int rc = Native.sgr_replay(handle, Native.ToUtf8(recordLine), out result);
            return Native.Answer(rc, result);
        }

        // --- reports (issue 18) ---

        /// <summary>The report of audit records (JSON Lines text) for a period: options null,
        /// {"year": 2024} (the financial year) or {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}.
        /// Records that are invalid or not matched are counted and left out.</summary>
        public string Report(string recordsJsonl, string optionsJson = null)
        {
            IntPtr result;
            int rc = Native.sgr_report(handle, Native.ToUtf8(recordsJsonl), Native.ToUtf8(optionsJson), out result);
            return Native.Answer(rc, result);
        }

        // --- end reports ---

        /// <summary>The JSON Schema of a case for the newest version of a rule set.</summary>
        public string CaseSchema(string ruleSetId)
        {
            IntPtr result;
            int rc = Native.sgr_case_schema(handle, Native.ToUtf8(ruleSetId), out result);
            return Native.Answer(rc, result);
        }

        /// <summary>A generic JSON Schema: "rules", "determination", "record" or "case".</summary>
        public static string Schema(string which)
        {
            IntPtr result;
            int rc = Native.sgr_schema(Native.ToUtf8(which), out result);
            return Native.Answer(rc, result);
        }

        /// <summary>Frees the engine. Calls after this throw ObjectDisposedException.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }
    }

    /// <summary>One positioned problem of an error.</summary>
    public sealed class Problem
    {
        /// <summary>A JSON pointer into the document the problem is in ("" is all of it).</summary>
        public string Pointer { get; private set; }
        /// <summary>The kind of problem, stable across versions.</summary>
        public string Code { get; private set; }
        /// <summary>What was expected and what was found.</summary>
        public string Message { get; private set; }

        internal Problem(string pointer, string code, string message)
        {
            Pointer = pointer;
            Code = code;
            Message = message;
        }
    }

    /// <summary>An error from the library: its error JSON, read.</summary>
    public class SafeguardingRulesException : Exception
    {
        /// <summary>"case_error", "load_error", "book_error", "usage_error" or "internal_error".</summary>
        public string Code { get; private set; }
        /// <summary>Every positioned problem, in document order (may be empty).</summary>
        public IReadOnlyList<Problem> Problems { get; private set; }
        /// <summary>The C function's return code: 1 bad input, 2 usage, 3 internal.</summary>
        public int ReturnCode { get; private set; }
        /// <summary>The error JSON as the library wrote it.</summary>
        public string Json { get; private set; }

        public SafeguardingRulesException(int returnCode, string code, string message,
            IReadOnlyList<Problem> problems, string json)
            : base(message)
        {
            ReturnCode = returnCode;
            Code = code;
            Problems = problems;
            Json = json;
        }

        internal static SafeguardingRulesException FromJson(int returnCode, string json)
        {
            var problems = new List<Problem>();
            string code = returnCode == 2 ? "usage_error" : "internal_error";
            string message = "the library returned " + returnCode.ToString(CultureInfo.InvariantCulture);
            var error = (json == null ? null : MiniJson.Parse(json)) as Dictionary<string, object>;
            if (error != null)
            {
                code = error.ContainsKey("code") ? error["code"] as string ?? code : code;
                message = error.ContainsKey("message") ? error["message"] as string ?? message : message;
                var list = error.ContainsKey("problems") ? error["problems"] as List<object> : null;
                if (list != null)
                {
                    foreach (var item in list)
                    {
                        var p = item as Dictionary<string, object>;
                        if (p == null) continue;
                        problems.Add(new Problem(Get(p, "pointer"), Get(p, "code"), Get(p, "message")));
                    }
                }
            }
            return new SafeguardingRulesException(returnCode, code, message, problems.AsReadOnly(), json);
        }

        private static string Get(Dictionary<string, object> o, string key)
        {
            object v;
            return o.TryGetValue(key, out v) ? v as string ?? "" : "";
        }
    }

    /// <summary>The engine handle: freed with sgr_engine_free, once, even if the Engine is
    /// never disposed; kept alive by the marshaller during every call.</summary>
    internal sealed class EngineHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        private EngineHandle() : base(true)
        {
        }

        protected override bool ReleaseHandle()
        {
            Native.sgr_engine_free(handle);
            return true;
        }
    }

    internal static class Native
    {
        private const string Lib = "safeguarding_rules";

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint sgr_abi_version();

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgr_engine_new(byte[] ruleFilesJson, out EngineHandle engine, out IntPtr errorJson);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void sgr_engine_free(IntPtr engine);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgr_evaluate(EngineHandle engine, byte[] caseJson, byte[] optionsJson, out IntPtr result);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgr_render(EngineHandle engine, byte[] caseJson, byte[] format, byte[] optionsJson, out IntPtr result);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgr_record(EngineHandle engine, byte[] caseJson, byte[] optionsJson, out IntPtr result);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgr_replay(EngineHandle engine, byte[] recordLine, out IntPtr result);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgr_report(EngineHandle engine, byte[] recordsJsonl, byte[] optionsJson, out IntPtr result);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgr_case_schema(EngineHandle engine, byte[] ruleSetOrProcedureId, out IntPtr result);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgr_schema(byte[] which, out IntPtr result);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void sgr_string_free(IntPtr s);

        /// <summary>A string as NUL-terminated UTF-8 (null stays null: the C NULL).</summary>
        internal static byte[] ToUtf8(string s)
        {
            if (s == null) return null;
            var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
            Encoding.UTF8.GetBytes(s, 0, s.Length, bytes, 0);
            return bytes;
        }

        /// <summary>Reads a NUL-terminated UTF-8 string the library wrote, and frees it.</summary>
        internal static string TakeString(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            try
            {
                int length = 0;
                while (Marshal.ReadByte(p, length) != 0) length++;
                var bytes = new byte[length];
                Marshal.Copy(p, bytes, 0, length);
                return Encoding.UTF8.GetString(bytes);
            }
            finally
            {
                sgr_string_free(p);
            }
        }

        /// <summary>The result of a call, or its error thrown.</summary>
        internal static string Answer(int rc, IntPtr result)
        {
            string text = TakeString(result);
            if (rc != 0) throw SafeguardingRulesException.FromJson(rc, text);
            return text;
        }

        /// <summary>Rule file texts as the JSON array sgr_engine_new takes.</summary>
        internal static string RuleFilesJson(IEnumerable<string> ruleFiles)
        {
            if (ruleFiles == null) return null;
            var sb = new StringBuilder("[");
            bool first = true;
            foreach (var text in ruleFiles)
            {
                if (!first) sb.Append(',');
                first = false;
                MiniJson.Quote(sb, text);
            }
            return sb.Append(']').ToString();
        }
    }

    /// <summary>Just enough JSON for the error documents (and the tests): objects as
    /// Dictionary&lt;string, object&gt;, arrays as List&lt;object&gt;, strings, numbers as
    /// double, booleans and null. A real system parses results with its own library.</summary>
    internal static class MiniJson
    {
        internal static object Parse(string text)
        {
            int i = 0;
            object value = Value(text, ref i, 0);
            Space(text, ref i);
            if (i != text.Length) throw new FormatException("trailing text at " + i);
            return value;
        }

        internal static void Quote(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (char c in s ?? "")
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }

        private static void Space(string t, ref int i)
        {
            while (i < t.Length && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')) i++;
        }

        private static object Value(string t, ref int i, int depth)
        {
            if (depth > 128) throw new FormatException("nested too deep");
            Space(t, ref i);
            if (i >= t.Length) throw new FormatException("unexpected end");
            char c = t[i];
            if (c == '{')
            {
                var o = new Dictionary<string, object>();
                i++;
                Space(t, ref i);
                if (i < t.Length && t[i] == '}') { i++; return o; }
                while (true)
                {
                    Space(t, ref i);
                    string key = String(t, ref i);
                    Space(t, ref i);
                    Expect(t, ref i, ':');
                    o[key] = Value(t, ref i, depth + 1);
                    Space(t, ref i);
                    if (i < t.Length && t[i] == ',') { i++; continue; }
                    Expect(t, ref i, '}');
                    return o;
                }
            }
            if (c == '[')
            {
                var a = new List<object>();
                i++;
                Space(t, ref i);
                if (i < t.Length && t[i] == ']') { i++; return a; }
                while (true)
                {
                    a.Add(Value(t, ref i, depth + 1));
                    Space(t, ref i);
                    if (i < t.Length && t[i] == ',') { i++; continue; }
                    Expect(t, ref i, ']');
                    return a;
                }
            }
            if (c == '"') return String(t, ref i);
            if (Word(t, ref i, "true")) return true;
            if (Word(t, ref i, "false")) return false;
            if (Word(t, ref i, "null")) return null;
            int start = i;
            while (i < t.Length && "+-0123456789.eE".IndexOf(t[i]) >= 0) i++;
            if (i == start) throw new FormatException("unexpected character at " + i);
            return double.Parse(t.Substring(start, i - start), CultureInfo.InvariantCulture);
        }

        private static bool Word(string t, ref int i, string word)
        {
            if (string.CompareOrdinal(t, i, word, 0, word.Length) != 0) return false;
            i += word.Length;
            return true;
        }

        private static void Expect(string t, ref int i, char c)
        {
            if (i >= t.Length || t[i] != c) throw new FormatException("expected '" + c + "' at " + i);
            i++;
        }

        private static string String(string t, ref int i)
        {
            Expect(t, ref i, '"');
            var sb = new StringBuilder();
            while (true)
            {
                if (i >= t.Length) throw new FormatException("unterminated string");
                char c = t[i++];
                if (c == '"') return sb.ToString();
                if (c != '\\') { sb.Append(c); continue; }
                if (i >= t.Length) throw new FormatException("unterminated escape");
                char e = t[i++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (i + 4 > t.Length) throw new FormatException("short \\u escape");
                        sb.Append((char)int.Parse(t.Substring(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: throw new FormatException("bad escape at " + i);
                }
            }
        }
    }
}
