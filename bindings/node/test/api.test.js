'use strict';
// The rest of the surface: options, renderings, records and replay, schemas.
const test = require('node:test');
const assert = require('node:assert/strict');
const { binding } = require('./helpers');

const { Engine, schema } = binding;
const engine = new Engine();

const died = {
  reference: '2024-017',
  facts: {
    age_18_or_over: true,
    in_board_area: true,
    care_and_support_needs: true,
    joint_working_concern: true,
    adult_status: 'died',
    death_from_abuse_or_neglect: 'known',
  },
};

test('the module exports Engine and schema', () => {
  const addon = require('../safeguarding_rules.node');
  assert.equal(typeof addon.Engine, 'function');
  assert.equal(typeof addon.schema, 'function');
  assert.equal(binding.abiVersion(), 1);
  assert.ok(new Engine(null) instanceof Engine);
  assert.ok(new Engine({}) instanceof Engine);
  assert.ok(new Engine({ ruleFiles: [] }) instanceof Engine);
});

test('a settled case', () => {
  const d = engine.evaluate(died);
  assert.equal(d.outcome, 'mandatory_review');
  assert.deepStrictEqual(d.possible_outcomes, ['mandatory_review']);
  assert.equal(Object.getPrototypeOf(d), Object.prototype, 'a plain object');
  assert.ok(Array.isArray(d.trace));
});

test('options: asOf and counterfactuals match the JSON options', () => {
  const opts = [
    [{ asOf: '2024-03-01' }, '{"as_of": "2024-03-01"}'],
    [{ counterfactuals: true }, '{"counterfactuals": true}'],
    [{ asOf: '2024-03-01', counterfactuals: true }, '{"as_of": "2024-03-01", "counterfactuals": true}'],
    [{ asOf: null, counterfactuals: false }, 'null'],
    [{}, null],
  ];
  for (const [js, json] of opts) {
    const text = engine.evaluateJson(JSON.stringify(died), json);
    assert.deepStrictEqual(engine.evaluate(died, js), JSON.parse(text));
    assert.deepStrictEqual(engine.evaluate(JSON.stringify(died), js), JSON.parse(text));
  }
  assert.ok(Array.isArray(engine.evaluate(died, { counterfactuals: true }).counterfactuals));
});

test('render: json, text and markdown', () => {
  assert.equal(engine.render(died, 'json'), engine.evaluateJson(JSON.stringify(died)));
  assert.match(engine.render(died, 'text'), /mandatory_review/);
  assert.match(engine.render(JSON.stringify(died), 'markdown'), /mandatory_review/);
});

test('render: the pictures (dot, mermaid, html)', () => {
  assert.match(engine.render(died, 'dot'), /^digraph decision_path \{/);
  assert.match(engine.render(died, 'mermaid'), /^flowchart LR/);
  const html = engine.render(died, 'html');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(html.includes('<svg') && !html.includes('<script'));
});

test('record and replay', () => {
  const line = engine.record(died, { asOf: '2024-03-01' });
  assert.ok(!line.endsWith('\n'));
  const record = JSON.parse(line);
  assert.equal(record.case.as_of, '2024-03-01');
  assert.deepStrictEqual(engine.replay(line), {
    reference: '2024-017',
    verdict: 'matched',
    differences: [],
    detail: 'matched',
  });
  assert.equal(engine.replay(engine.record(JSON.stringify(died))).verdict, 'matched');
  const altered = JSON.parse(line);
  altered.determination.outcome = 'discretionary_review';
  assert.notEqual(engine.replay(JSON.stringify(altered)).verdict, 'matched');
  const invalid = engine.replay('not a record');
  assert.equal(invalid.verdict, 'invalid');
  assert.equal(invalid.reference, null);
});

test('schemas', () => {
  for (const which of ['rules', 'determination', 'record', 'case']) {
    const s = schema(which);
    assert.equal(typeof s, 'object');
    assert.ok('$schema' in s || 'title' in s, which);
  }
  const s = engine.caseSchema('care-act-2014-s44');
  assert.ok(s.properties.facts.properties.adult_status);
});

test('rule files given as text', () => {
  const { conformanceCases } = require('./helpers');
  const c = conformanceCases().find((x) => x.rule_files.length > 0);
  const local = new Engine({ ruleFiles: c.rule_files });
  assert.equal(local.evaluateJson(c.case, null), c.determination);
  assert.throws(() => engine.evaluateJson(c.case, null), (e) => ['book_error', 'case_error'].includes(e.code));
});

test('each result is a fresh object, and the same without code generation from strings', () => {
  const a = engine.evaluate(died);
  const b = engine.evaluate(died);
  assert.notEqual(a, b);
  assert.notEqual(a.trace[0], b.trace[0]);
  a.trace[0].children.length = 0;
  assert.deepStrictEqual(b, engine.evaluate(died));
  // The objects are built by per-shape functions; a host that forbids compiling them
  // gets the same result the slower way.
  const { spawnSync } = require('node:child_process');
  const script = `
    const assert = require('node:assert/strict');
    const { Engine } = require(${JSON.stringify(require('node:path').resolve(__dirname, '..'))});
    const e = new Engine();
    const c = ${JSON.stringify(died)};
    assert.deepStrictEqual(e.evaluate(c), JSON.parse(e.evaluateJson(JSON.stringify(c))));
    console.log('same');
  `;
  const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'same');
});

test('a case naming a procedure gives an assessment', () => {
  const girl = {
    procedure: 'hillingdon-think-family',
    as_of: '2024-03-20',
    facts: {
      age: 17, died: true, date_of_death_or_harm: '2024-03-15', normally_resident_in_area: true,
      place_of_death_or_harm: 'in_area', abuse_or_neglect_of_child: 'known',
      death_from_violence_abuse_or_neglect: 'known', person_responsible_was: ['intimate_partner'],
    },
  };
  const a = engine.evaluate(girl);
  assert.equal(a.procedure.id, 'hillingdon-think-family');
  const byName = Object.fromEntries(a.decisions.map((d) => [d.name, d]));
  assert.equal(byName.sar_panel.applies, false);
  assert.equal(byName.child_notification.determination.outcome, 'notify_panel');
  assert.equal(byName.dhr.determination.outcome, 'domestic_homicide_review');
  assert.deepStrictEqual(a, JSON.parse(engine.evaluateJson(JSON.stringify(girl))));
  assert.ok(engine.render(girl, 'text').startsWith('procedure: hillingdon-think-family'));
  const line = engine.record(girl);
  assert.equal(JSON.parse(line).format, 2);
  assert.equal(engine.replay(line).verdict, 'matched');
  const schema = engine.caseSchema('hillingdon-think-family');
  const parsed = typeof schema === 'string' ? JSON.parse(schema) : schema;
  assert.equal(parsed.properties.procedure.const, 'hillingdon-think-family');
});
