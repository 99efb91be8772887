'use strict';
// One Engine called from interleaved async code, and eight worker threads each with their
// own Engine giving identical bytes. (A napi class instance belongs to one JS thread; the
// Rust engine inside is immutable and Send + Sync.)
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { binding, conformanceCases } = require('./helpers');

const cases = conformanceCases().filter((c) => c.rule_files.length === 0);

test('many calls on one Engine interleaved from async code', async () => {
  const engine = new binding.Engine();
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  const runner = async (offset) => {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[(i + offset) % cases.length];
      await tick();
      assert.equal(engine.evaluateJson(c.case, null), c.determination);
      await tick();
      assert.deepStrictEqual(engine.evaluate(JSON.parse(c.case)), JSON.parse(c.determination));
    }
  };
  await Promise.all(Array.from({ length: 16 }, (_, i) => runner(i * 7)));
});

test('eight worker threads, each with its own Engine, give identical bytes', async () => {
  const expected = crypto.createHash('sha256');
  for (const c of cases) expected.update(c.determination).update('\n');
  const digest = expected.digest('hex');
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const crypto = require('node:crypto');
    const { Engine } = require(workerData.binding);
    const engine = new Engine();
    const hash = crypto.createHash('sha256');
    let objectsEqual = true;
    const assert = require('node:assert/strict');
    for (let round = 0; round < 3; round++) {
      for (const c of workerData.cases) {
        const text = engine.evaluateJson(c, null);
        if (round === 0) hash.update(text).update('\\n');
        try { assert.deepStrictEqual(engine.evaluate(JSON.parse(c)), JSON.parse(text)); } catch { objectsEqual = false; }
      }
    }
    parentPort.postMessage({ digest: hash.digest('hex'), objectsEqual });
  `;
  const run = () =>
    new Promise((resolve, reject) => {
      const w = new Worker(source, {
        eval: true,
        workerData: { binding: path.resolve(__dirname, '..'), cases: cases.map((c) => c.case) },
      });
      w.once('message', resolve);
      w.once('error', reject);
      w.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
    });
  const results = await Promise.all(Array.from({ length: 8 }, run));
  for (const r of results) {
    assert.equal(r.digest, digest);
    assert.equal(r.objectsEqual, true);
  }
});
