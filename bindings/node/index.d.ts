// Types of the Node binding of safeguarding-rules. The determination's keys are spelled as
// its JSON contract spells them (snake_case), so that `evaluate(c)` deep-equals
// `JSON.parse(evaluateJson(JSON.stringify(c), null))`.

/** A JSON value, as a case's facts and a determination's values hold them. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A case: the facts by id; a fact absent is unknown, `null` is asked but not known. */
export interface Case {
  rule_set?: string | null;
  reference?: string | null;
  /** `YYYY-MM-DD`: the date the case is decided as of. */
  as_of?: string | null;
  facts: { [fact: string]: Json };
}

export interface EngineOptions {
  /** Rule file texts, beside the embedded packs; they may import each other in any order. */
  ruleFiles?: string[] | null;
}

export interface EvaluateOptions {
  /** `YYYY-MM-DD`, overriding the case's own `as_of`. */
  asOf?: string | null;
  /** List what would change a settled outcome. */
  counterfactuals?: boolean | null;
}

export interface RuleSetRef { id: string; version: string; fingerprint: string }

export interface TraceNode {
  kind: string;
  id?: string;
  fact?: string;
  combine?: string;
  cites: string[];
  value: 'true' | 'false' | 'unknown' | string;
  says?: string;
  test?: Json;
  fact_value?: Json;
  status?: string;
  inferred_from?: string;
  source?: string;
  decisive: boolean;
  children: TraceNode[];
  [key: string]: unknown;
}

/** The determination: the JSON contract (the README's "The JSON contract"), as a plain object. */
export interface Determination {
  rule_set: RuleSetRef;
  outcome: string;
  possible_outcomes: string[];
  summary: string;
  missing_facts: Array<{
    fact: string;
    question: string;
    cites: string[];
    asked: boolean;
    answers?: Array<{ value: Json; possible_outcomes: string[] }>;
  }>;
  next_question: { fact: string; question: string; cites: string[] } | null;
  notes: Array<{ id: string; cites: string[]; text: string }>;
  trace: TraceNode[];
  case_split?: Json;
  counterfactuals?: Array<{ changes: Array<{ fact: string; from: Json; to: Json }>; outcome: string; cites: string[] }>;
  provisions: { [cite: string]: { cite: string; text: string; url: string } };
  [key: string]: unknown;
}

/** What replaying one audit record found. */
export interface ReplayReport {
  reference: string | null;
  /** `matched`, `case_altered`, `rule_set_changed`, `rule_set_unknown`, `differs` or `invalid`. */
  verdict: string;
  differences: Array<{ at: string; before: Json; after: Json }>;
  detail: string;
}

/** One positioned problem of an error. */
export interface Problem {
  /** A JSON pointer into the document the problem is in (`""` is the whole document). */
  pointer: string;
  /** The kind of problem, stable across versions. */
  code: string;
  message: string;
}

export type ErrorCode = 'case_error' | 'load_error' | 'book_error' | 'usage_error' | 'internal_error';

/** Every error the binding throws is an `Error` with these two properties. */
export interface SafeguardingError extends Error {
  code: ErrorCode;
  problems: Problem[];
}

export declare class Engine {
  /** The embedded packs plus `ruleFiles`; throws a `load_error` if a file does not load. */
  constructor(options?: EngineOptions | null);
  /** Evaluates a case (a plain object or JSON text). */
  evaluate(case_: Case | string, options?: EvaluateOptions | null): Determination;
  /** JSON text in, JSON text out: exactly the Rust library's bytes. `options` is JSON text (`{"as_of", "counterfactuals"}`) or null. */
  evaluateJson(text: string, options?: string | null): string;
  /** Evaluates and renders: `json`, `text`, `markdown` or `html` (the record of reasons), `dot` or `mermaid` (the decision path). */
  render(case_: Case | string, format: 'json' | 'text' | 'markdown' | 'dot' | 'mermaid' | 'html', options?: EvaluateOptions | null): string;
  /** Evaluates and returns one audit record line (no trailing newline). */
  record(case_: Case | string, options?: EvaluateOptions | null): string;
  /** Replays one audit record line. A line that is not a record gives the verdict `invalid`. */
  replay(line: string): ReplayReport;
  /** The JSON Schema of a case for the newest version of a rule set. */
  caseSchema(ruleSetId: string): { [key: string]: Json };
  /** The report of audit records (JSON Lines text) for a period, as the JSON contract. */
  report(records: string, options?: ReportOptions | string | null): { [key: string]: Json };
  /** The report's JSON text: exactly the Rust library's bytes. */
  reportJson(records: string, options?: ReportOptions | string | null): string;
}

/** A report's period: a financial year (`{year: 2024}` is 2024-04-01 to 2025-03-31), or two dates. */
export interface ReportOptions {
  year?: number;
  from?: string;
  to?: string;
}

/** A generic JSON Schema: `rules`, `determination`, `record` or `case`. */
export declare function schema(which: 'rules' | 'determination' | 'record' | 'case' | 'report'): { [key: string]: Json };

/** The version of the embedding surface (the C header's `sgr_abi_version`). */
export declare function abiVersion(): number;

export declare const ERROR_CODES: readonly ErrorCode[];
