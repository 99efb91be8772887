'use strict';
// The shared conformance list: evaluateJson gives exactly the Rust library's bytes, and
// evaluate (object in, object out) deep-equals their JSON.parse.
const test = require('node:test');
const assert = require('node:assert/strict');
const { conformanceCases, renderingCases, engineCache } = require('./helpers');

const cases = conformanceCases();
const engineFor = engineCache();

test('the conformance list is not empty', () => {
  assert.ok(cases.length >= 100, `only ${cases.length} cases`);
});

for (const c of cases) {
  test(`conformance: ${c.name}`, () => {
    const engine = engineFor(c.rule_files);
    assert.equal(engine.evaluateJson(c.case, null), c.determination);
    assert.equal(engine.evaluateJson(c.case), c.determination);
    const expected = JSON.parse(c.determination);
    assert.deepStrictEqual(engine.evaluate(JSON.parse(c.case)), expected);
    assert.deepStrictEqual(engine.evaluate(c.case), expected);
    assert.equal(engine.render(c.case, 'json'), c.determination);
  });
}

// The pictures and records of reasons of a few cases, byte for byte the Rust library's.
for (const r of renderingCases()) {
  test(`rendering: ${r.name} ${r.format}`, () => {
    const engine = engineFor(r.rule_files);
    assert.equal(engine.render(r.case, r.format), r.output);
    assert.equal(engine.render(JSON.parse(r.case), r.format), r.output);
  });
}
