'use strict';
// Every error code with its problems, and no crash on hostile input.
const test = require('node:test');
const assert = require('node:assert/strict');
const { binding, throwsCode, deep } = require('./helpers');

const { Engine, schema } = binding;
const engine = new Engine();

test('case_error: an undeclared fact, positioned, through every call', () => {
  const c = { facts: { adult_stauts: 'died' } };
  const e = throwsCode(() => engine.evaluate(c), 'case_error');
  assert.equal(e.problems.length, 1);
  assert.equal(e.problems[0].pointer, '/facts/adult_stauts');
  assert.match(e.message, /did you mean `adult_status`/);
  const j = throwsCode(() => engine.evaluateJson(JSON.stringify(c), null), 'case_error');
  assert.equal(j.message, e.message);
  assert.deepStrictEqual(j.problems, e.problems);
  const t = throwsCode(() => engine.evaluate(JSON.stringify(c)), 'case_error');
  assert.deepStrictEqual(t.problems, e.problems);
  throwsCode(() => engine.render(c, 'text'), 'case_error');
  throwsCode(() => engine.record(c), 'case_error');
});

test('case_error: every problem of a case is listed', () => {
  const e = throwsCode(
    () => engine.evaluate({ facts: { age_18_or_over: 'yes', nope: true } }),
    'case_error',
  );
  assert.ok(e.problems.length >= 2, JSON.stringify(e.problems));
});

test('case_error: bad JSON text', () => {
  for (const text of ['', '{', '{"facts": {}', 'nul', '{"facts": {}} x', '\u0000', '{"facts": {"a": 1, "a": 2}}']) {
    throwsCode(() => engine.evaluateJson(text, null), 'case_error');
    throwsCode(() => engine.evaluate(text), 'case_error');
  }
});

test('case_error: not a case', () => {
  for (const c of [5, true, null, undefined, [], 'null', '[]', {}, { facts: [] }, { facts: {}, extra: 1 }, { facts: {}, as_of: 'soon' }]) {
    throwsCode(() => engine.evaluate(c), 'case_error');
  }
});

test('case_error: values JSON has no place for', () => {
  const bad = [
    { facts: { age_18_or_over: () => true } },
    { facts: { age_18_or_over: Symbol('x') } },
    { facts: { age_18_or_over: 10n } },
    { facts: { age_18_or_over: NaN } },
    { facts: { age_18_or_over: Infinity } },
    () => 1,
    Symbol('case'),
    1n,
  ];
  for (const c of bad) {
    const e = throwsCode(() => engine.evaluate(c), 'case_error');
    if (typeof c === 'object') assert.equal(e.problems[0].pointer, '/facts/age_18_or_over');
  }
});

test('an undefined property is left out, as JSON.stringify does', () => {
  const c = { facts: { in_board_area: false, age_18_or_over: undefined }, reference: undefined };
  assert.deepStrictEqual(engine.evaluate(c), JSON.parse(engine.evaluateJson(JSON.stringify(c))));
});

test('case_error: 100,000-deep nesting as text and as an object, never a crash', () => {
  for (const text of ['['.repeat(100000), '{"a":'.repeat(100000), `{"facts": {"x": ${'['.repeat(100000)}}}`]) {
    throwsCode(() => engine.evaluateJson(text, null), 'case_error');
    throwsCode(() => engine.evaluate(text), 'case_error');
  }
  for (const value of [deep(100000), deep(100000, true)]) {
    const e = throwsCode(() => engine.evaluate({ facts: { x: value } }), 'case_error');
    assert.match(e.message, /deeper than 128/);
    assert.ok(e.problems[0].pointer.startsWith('/facts/x/'));
    throwsCode(() => engine.evaluate(value), 'case_error');
    throwsCode(() => engine.render({ facts: { x: value } }, 'text'), 'case_error');
    throwsCode(() => engine.record({ facts: { x: value } }), 'case_error');
  }
  // Just within the limit is read, and then refused as a case.
  throwsCode(() => engine.evaluate({ facts: { x: deep(120) } }), 'case_error');
});

test('case_error: a huge string', () => {
  const huge = 'x'.repeat(64 * 1024 * 1024);
  throwsCode(() => engine.evaluateJson(huge, null), 'case_error');
  throwsCode(() => engine.evaluate(huge), 'case_error');
  const e = throwsCode(() => engine.evaluate({ facts: { adult_status: huge } }), 'case_error');
  assert.match(e.message, /over the limit of 1048576 bytes/);
  assert.equal(e.problems[0].pointer, '');
  throwsCode(() => engine.evaluate({ facts: { [huge]: true } }), 'case_error');
  throwsCode(() => engine.evaluateJson(JSON.stringify({ facts: { adult_status: huge.slice(0, 1 << 20) } })), 'case_error');
});

test('load_error: a rule file that does not load', () => {
  for (const ruleFiles of [['{'], ['{}'], ['[]'], [5], 'rules', 5]) {
    throwsCode(() => new Engine({ ruleFiles }), 'load_error');
  }
});

test('book_error: no rule set for the case, or none in force', () => {
  throwsCode(() => engine.evaluate({ rule_set: 'no-such-rules', facts: {} }), 'book_error');
  throwsCode(() => engine.evaluate({ as_of: '1990-01-01', facts: {} }), 'book_error');
  throwsCode(() => engine.evaluate({ facts: {} }, { asOf: '1990-01-01' }), 'book_error');
  throwsCode(() => engine.evaluateJson('{"facts": {}}', '{"as_of": "1990-01-01"}'), 'book_error');
  throwsCode(() => engine.caseSchema('no-such-rules'), 'book_error');
});

test('usage_error: the call itself is wrong', () => {
  throwsCode(() => engine.render({ facts: {} }, 'pdf'), 'usage_error');
  throwsCode(() => engine.render({ facts: {} }), 'usage_error');
  throwsCode(() => schema('nope'), 'usage_error');
  throwsCode(() => schema(), 'usage_error');
  throwsCode(() => engine.caseSchema(5), 'usage_error');
  let e = throwsCode(() => engine.evaluate({ facts: {} }, { asof: '2024-01-01' }), 'usage_error');
  assert.equal(e.problems[0].pointer, '/asof');
  e = throwsCode(() => engine.evaluate({ facts: {} }, { counterfactuals: 'yes' }), 'usage_error');
  assert.equal(e.problems[0].pointer, '/counterfactuals');
  throwsCode(() => engine.evaluate({ facts: {} }, { asOf: 20240101 }), 'usage_error');
  throwsCode(() => engine.evaluate({ facts: {} }, 'options'), 'usage_error');
  e = throwsCode(() => engine.evaluateJson('{"facts": {}}', '{"asof": "2024-01-01"}'), 'usage_error');
  assert.equal(e.problems[0].pointer, '/asof');
  throwsCode(() => engine.evaluateJson('{"facts": {}}', '{'), 'usage_error');
  throwsCode(() => engine.evaluateJson('{"facts": {}}', 5), 'usage_error');
  throwsCode(() => new Engine({ rulefiles: [] }), 'usage_error');
  throwsCode(() => new Engine('rules'), 'usage_error');
});

test('evaluateJson and replay take text only', () => {
  throwsCode(() => engine.evaluateJson({ facts: {} }, null), 'case_error');
  throwsCode(() => engine.evaluateJson(), 'case_error');
  throwsCode(() => engine.replay({}), 'case_error');
});

test('every code the binding can throw is one of the five', () => {
  assert.deepStrictEqual(binding.ERROR_CODES, ['case_error', 'load_error', 'book_error', 'usage_error', 'internal_error']);
});

test('case_error: a case contradicting a constraint, problem code contradiction', () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const dir = path.resolve(__dirname, '..', '..', '..', 'examples', 'rules', 'riverside-act');
  const rules = fs.readFileSync(path.join(dir, 'riverside-act.json'), 'utf8');
  const text = fs.readFileSync(path.join(dir, 'cases', 'contradiction-adult-aged-15.json'), 'utf8');
  const riverside = new Engine({ ruleFiles: [rules] });
  for (const c of [text, JSON.parse(text)]) {
    const e = throwsCode(() => riverside.evaluate(c), 'case_error');
    assert.deepStrictEqual(e.problems.map((p) => p.code), ['contradiction']);
    assert.equal(e.problems[0].pointer, '/facts/age');
    assert.match(e.message, /constraint `adult_means_18_or_over`/);
  }
  const j = throwsCode(() => riverside.evaluateJson(text, null), 'case_error');
  assert.equal(j.problems[0].code, 'contradiction');
  // Integer and date values are checked, positioned.
  const range = throwsCode(() => riverside.evaluate({ rule_set: 'riverside-act-2031', facts: { age: 131 } }), 'case_error');
  assert.deepStrictEqual(range.problems.map((p) => [p.pointer, p.code]), [['/facts/age', 'out_of_range']]);
  const date = throwsCode(() => riverside.evaluate({ rule_set: 'riverside-act-2031', facts: { harmed_on: '2023-02-30' } }), 'case_error');
  assert.deepStrictEqual(date.problems.map((p) => p.pointer), ['/facts/harmed_on']);
  // And an interval answer reaches JavaScript as the contract spells it.
  const d = riverside.evaluate({ rule_set: 'riverside-act-2031', facts: { in_area: true } });
  const age = d.missing_facts.find((m) => m.fact === 'age');
  assert.deepStrictEqual(age.answers[1], {
    range: { at_least: 16, at_most: 17 },
    possible_outcomes: ['young_person_review'],
  });
});
