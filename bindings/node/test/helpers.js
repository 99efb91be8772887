'use strict';
// Shared by the tests: the addon, the conformance list and checks of thrown errors.
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');

const binding = require('..');

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** tests/conformance/cases.jsonl: {name, case, rule_files, determination} a line. */
function conformanceCases() {
  const text = fs.readFileSync(path.join(ROOT, 'tests', 'conformance', 'cases.jsonl'), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** tests/conformance/renderings.jsonl: {name, case, rule_files, format, output} a line. */
function renderingCases() {
  const text = fs.readFileSync(path.join(ROOT, 'tests', 'conformance', 'renderings.jsonl'), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** One engine per distinct list of rule files. */
function engineCache() {
  const engines = new Map();
  return (ruleFiles) => {
    const key = JSON.stringify(ruleFiles);
    if (!engines.has(key)) engines.set(key, new binding.Engine({ ruleFiles }));
    return engines.get(key);
  };
}

const CODES = ['case_error', 'load_error', 'book_error', 'usage_error', 'internal_error'];

/** Runs `fn`, which must throw the binding's error with `code`; returns the error. */
function throwsCode(fn, code) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected a ${code}, but nothing was thrown`);
  assert.ok(caught instanceof Error, `expected an Error, got ${caught}`);
  assert.equal(caught.code, code, `expected ${code}, got ${caught.code}: ${caught.message}`);
  assert.equal(typeof caught.message, 'string');
  assert.ok(caught.message.length > 0);
  assert.ok(Array.isArray(caught.problems), 'problems is an array');
  for (const p of caught.problems) {
    assert.deepEqual(Object.keys(p).sort(), ['code', 'message', 'pointer']);
    assert.equal(typeof p.pointer, 'string');
    assert.ok(p.pointer === '' || p.pointer.startsWith('/'), `pointer ${p.pointer}`);
    assert.equal(typeof p.code, 'string');
    assert.ok(p.code.length > 0, 'a problem code is a non-empty string');
    assert.equal(typeof p.message, 'string');
    assert.ok(p.message.length > 0);
  }
  return caught;
}

/** A value nested `depth` levels: {a: {a: …}} or [[…]]. */
function deep(depth, array = false) {
  let v = array ? [] : {};
  const root = v;
  for (let i = 0; i < depth; i++) {
    const next = array ? [] : {};
    if (array) v.push(next);
    else v.a = next;
    v = next;
  }
  return root;
}

module.exports = { binding, ROOT, conformanceCases, renderingCases, engineCache, CODES, throwsCode, deep };
