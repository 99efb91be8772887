'use strict';
// Random partial s44 cases (fast-check): the object call equals the JSON call, and
// answering a further fact never widens the possible outcomes.
const test = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { binding } = require('./helpers');

const engine = new binding.Engine();
const S44 = 'care-act-2014-s44';

/** Each fact's possible answers, read from the rule set's own case schema. */
function answersByFact() {
  const facts = engine.caseSchema(S44).properties.facts.properties;
  const out = {};
  for (const [id, s] of Object.entries(facts)) {
    const plain = (s.anyOf || [s])[0];
    if (plain.type === 'boolean') out[id] = fc.boolean();
    else if (plain.type === 'string' && Array.isArray(plain.enum)) out[id] = fc.constantFrom(...plain.enum);
    else if (plain.type === 'array' && plain.items && Array.isArray(plain.items.enum)) {
      out[id] = fc.subarray(plain.items.enum);
    }
  }
  return out;
}

const ANSWERS = answersByFact();
const FACTS = Object.keys(ANSWERS);

/** An answer: a value, `null` (asked, not known) or a value with a source. */
const answer = (id) =>
  fc.oneof(
    { weight: 6, arbitrary: ANSWERS[id] },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: ANSWERS[id].map((value) => ({ value, source: 'chronology 4-9' })) },
  );

const partialCase = fc.record(
  Object.fromEntries(FACTS.map((id) => [id, answer(id)])),
  { requiredKeys: [] },
).map((facts) => ({ rule_set: S44, facts }));

/** The call's result, or the error's code, message and problems. */
function outcomeOf(fn) {
  try {
    return { ok: fn() };
  } catch (e) {
    return { error: { code: e.code, message: e.message, problems: e.problems } };
  }
}

test('the case schema gives the generator facts to answer', () => {
  assert.ok(FACTS.includes('adult_status') && FACTS.includes('in_board_area'), FACTS.join(','));
});

test('evaluate(case) deep-equals JSON.parse(evaluateJson(case))', () => {
  let settled = 0;
  fc.assert(
    fc.property(partialCase, fc.boolean(), (c, counterfactuals) => {
      const viaObject = outcomeOf(() => engine.evaluate(c, { counterfactuals }));
      const viaJson = outcomeOf(() =>
        JSON.parse(engine.evaluateJson(JSON.stringify(c), JSON.stringify({ counterfactuals }))),
      );
      assert.deepStrictEqual(viaObject, viaJson);
      if (viaObject.ok) settled += 1;
    }),
    { numRuns: 300, seed: 20241017 },
  );
  assert.ok(settled >= 150, `only ${settled} of 300 cases evaluated without error`);
});

test('answering a further fact never widens possible_outcomes', () => {
  const withFurther = partialCase.chain((c) => {
    const open = FACTS.filter((id) => !(id in c.facts));
    if (open.length === 0) return fc.constant([c, null, null]);
    return fc.constantFrom(...open).chain((id) => answer(id).map((v) => [c, id, v]));
  });
  let compared = 0;
  fc.assert(
    fc.property(withFurther, ([c, id, v]) => {
      if (id === null) return;
      const before = outcomeOf(() => engine.evaluate(c));
      const after = outcomeOf(() => engine.evaluate({ ...c, facts: { ...c.facts, [id]: v } }));
      if (before.error || after.error) return; // an answer the case cannot take: nothing to compare
      compared += 1;
      for (const o of after.ok.possible_outcomes) {
        assert.ok(
          before.ok.possible_outcomes.includes(o),
          `${id} = ${JSON.stringify(v)} widened ${before.ok.possible_outcomes} to ${after.ok.possible_outcomes}`,
        );
      }
    }),
    { numRuns: 500, seed: 44 },
  );
  assert.ok(compared >= 250, `only ${compared} of 500 pairs were both valid cases`);
});
