'use strict';
// The report of audit records through Node (issue 18): the conformance report's exact
// bytes, the object form, and errors with their codes.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { binding, throwsCode } = require('./helpers');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const HISTORY = fs.readFileSync(path.join(ROOT, 'examples', 'records', 'history.jsonl'), 'utf8');
const EXPECTED = fs.readFileSync(path.join(ROOT, 'tests', 'conformance', 'report-2024.json'), 'utf8');
const engine = new binding.Engine();

test('the demo year gives the conformance bytes', () => {
  assert.equal(engine.reportJson(HISTORY, { year: 2024 }), EXPECTED);
  assert.equal(engine.reportJson(HISTORY, '{"year": 2024}'), EXPECTED);
  assert.deepStrictEqual(engine.report(HISTORY, { year: 2024 }), JSON.parse(EXPECTED));
});

test('lines that are not records are counted, not thrown', () => {
  const report = engine.report('not a record\n\n{}\n');
  assert.equal(report.records.read, 2);
  assert.equal(report.records.invalid, 2);
  assert.deepStrictEqual(report.rule_sets, []);
});

test('bad options are usage errors', () => {
  const e = throwsCode(() => engine.report('', { yaer: 2024 }), 'usage_error');
  assert.equal(e.problems[0].pointer, '/yaer');
  throwsCode(() => engine.report('', { from: '2024-04-01' }), 'usage_error');
  // Records that are not text are a case error, as for `evaluateJson`'s text.
  throwsCode(() => engine.report(42), 'case_error');
  assert.equal(binding.schema('report').title, 'Report');
});
