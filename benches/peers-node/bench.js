'use strict';
// safeguarding-rules' Node binding against @gorules/zen-engine on the same Care Act 2014 s44
// logic: the 4,096 complete cases of benches/peers (same SplitMix64 stream, same seed), the
// same two JDM models. Agreement first, then timing. Run from the repository root:
//   nice -n 5 cargo build --release -p safeguarding-rules-node && node benches/peers-node/bench.js
const fs = require('node:fs');
const path = require('node:path');
const { ZenEngine } = require('@gorules/zen-engine');

const ROOT = path.resolve(__dirname, '..', '..');
const CASES = 4096;
const ROUNDS = Number(process.env.PEERS_ROUNDS || 15);
const WARMUP_ROUNDS = 2;
const SEED = 0x5344_3434_2014_0044n;
const MASK = (1n << 64n) - 1n;

/** SplitMix64 (Steele, Lea and Flood 2014), as benches/peers/src/main.rs, in BigInt. */
class SplitMix64 {
  constructor(seed) {
    this.state = seed;
  }
  next() {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & MASK;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    return z ^ (z >> 31n);
  }
  below(n) {
    return Number(this.next() % BigInt(n));
  }
}

const KNOWLEDGE = ['known', 'suspected', 'not_suspected'];

/** One complete case, drawn exactly as benches/peers draws it (same facts, same order). */
function makeCase(rng) {
  const scope = rng.below(2) === 0 ? 0b111 : rng.below(7);
  const c = {};
  c.age_18_or_over = (scope & 1) !== 0;
  c.in_board_area = (scope & 2) !== 0;
  c.care_and_support_needs = (scope & 4) !== 0;
  c.joint_working_concern = rng.below(2) === 0;
  const died = rng.below(2) === 0;
  c.adult_status = died ? 'died' : 'alive';
  if (died) c.death_from_abuse_or_neglect = KNOWLEDGE[rng.below(3)];
  for (const fact of [
    'serious_abuse_or_neglect',
    'likely_died_but_for_intervention',
    'permanent_harm',
    'reduced_capacity_or_quality_of_life',
  ]) {
    c[fact] = KNOWLEDGE[rng.below(3)];
  }
  return c;
}

/** The s44 logic by hand from docs/law.md, as benches/peers has it: a further opinion. */
function referenceOutcome(c) {
  const ks = (k) => c[k] === 'known' || c[k] === 'suspected';
  const inScope = c.age_18_or_over && c.in_board_area && c.care_and_support_needs;
  const died = c.adult_status === 'died';
  const condition1 = died && ks('death_from_abuse_or_neglect');
  const condition2 =
    !died &&
    (ks('serious_abuse_or_neglect') ||
      ks('likely_died_but_for_intervention') ||
      ks('permanent_harm') ||
      ks('reduced_capacity_or_quality_of_life'));
  if (inScope && c.joint_working_concern && (condition1 || condition2)) return 'mandatory_review';
  if (inScope) return 'discretionary_review';
  return 'outside_section_44';
}

function loadOurs() {
  const file = path.join(ROOT, 'target', 'release', 'libsafeguarding_rules_node.so');
  if (!fs.existsSync(file)) {
    console.error(`${file} is missing: run nice -n 5 cargo build --release -p safeguarding-rules-node`);
    process.exit(2);
  }
  const m = { exports: {} };
  process.dlopen(m, file);
  return m.exports;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

async function main() {
  const rng = new SplitMix64(SEED);
  const facts = Array.from({ length: CASES }, () => makeCase(rng));
  const caseObjects = facts.map((f) => ({ facts: f }));
  const caseTexts = caseObjects.map((c) => JSON.stringify(c));

  const ours = loadOurs();
  const engine = new ours.Engine();
  const zen = new ZenEngine();
  const jdm = (name) => fs.readFileSync(path.join(ROOT, 'benches', 'peers', 'jdm', name));
  const table = zen.createDecision(jdm('s44-decision-table.json'));
  const expression = zen.createDecision(jdm('s44-expression.json'));
  const zenVersion = require('@gorules/zen-engine/package.json').version;

  console.log(`safeguarding-rules node binding vs @gorules/zen-engine ${zenVersion} (node ${process.version})`);
  const mix = {};
  for (const f of facts) mix[referenceOutcome(f)] = (mix[referenceOutcome(f)] || 0) + 1;
  console.log(`cases: ${CASES}, outcomes ${JSON.stringify(mix)}`);

  // Agreement first: every engine, every case.
  const disagreements = [];
  let ourBytes = 0;
  let zenBytes = 0;
  for (let i = 0; i < CASES; i++) {
    const want = referenceOutcome(facts[i]);
    const text = engine.evaluateJson(caseTexts[i], null);
    ourBytes += Buffer.byteLength(text);
    const got = {
      evaluate: engine.evaluate(caseObjects[i]).outcome,
      evaluateJson: JSON.parse(text).outcome,
    };
    for (const [name, d] of [['table', table], ['expression', expression]]) {
      for (const trace of [false, true]) {
        const r = await d.evaluate(facts[i], { trace });
        if (trace) {
          if (!r.trace) throw new Error('zen: trace asked for but not returned');
          if (name === 'table') zenBytes += Buffer.byteLength(JSON.stringify(r));
        }
        got[`zen ${name} trace ${trace ? 'on' : 'off'}`] = r.result.outcome;
      }
    }
    const bad = Object.entries(got).filter(([, v]) => v !== want);
    if (bad.length) disagreements.push({ case: i, want, bad });
  }
  if (disagreements.length) {
    console.log(`agreement: ${CASES - disagreements.length}/${CASES} cases; disagreements:`);
    for (const d of disagreements.slice(0, 20)) console.log(JSON.stringify(d));
    process.exit(1);
  }
  console.log(`agreement: ${CASES}/${CASES} cases, all engines agree (reference, evaluate, evaluateJson, zen table and expression, trace off and on)`);
  console.log(
    `mean JSON size per case: ours ${(ourBytes / CASES).toFixed(0)} bytes (full determination), zen decision table trace on ${(zenBytes / CASES).toFixed(0)} bytes`,
  );

  // Timing: every mode once per round, interleaved; the median of the round means.
  const now = () => process.hrtime.bigint();
  let sink = 0;
  // Each mode gives [wall ns, CPU ns] per call; CPU time is the process's, every thread's
  // (zen's evaluate runs on a worker thread), and is steadier than wall time on a busy machine.
  const cpuNs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) * 1000;
  };
  const syncMode = (fn) => () => {
    const c = cpuNs();
    const t = now();
    for (let i = 0; i < CASES; i++) sink += fn(i) ? 1 : 0;
    return [Number(now() - t) / CASES, (cpuNs() - c) / CASES];
  };
  const asyncMode = (fn) => async () => {
    const c = cpuNs();
    const t = now();
    for (let i = 0; i < CASES; i++) sink += (await fn(i)) ? 1 : 0;
    return [Number(now() - t) / CASES, (cpuNs() - c) / CASES];
  };
  const rustMode = () => {
    const c = cpuNs();
    const wall = engine._rustJsonMean(caseTexts);
    return [wall, (cpuNs() - c) / CASES];
  };
  const modes = [
    ['ours: evaluate (object in, object out, full determination)', syncMode((i) => engine.evaluate(caseObjects[i]))],
    ['ours: evaluateJson (JSON text in, JSON text out)', syncMode((i) => engine.evaluateJson(caseTexts[i], null))],
    ['rust: JsonEngine::evaluate, timed inside Rust', rustMode],
    ['zen: decision table, trace on (await evaluate)', asyncMode((i) => table.evaluate(facts[i], { trace: true }))],
    ['zen: expression, trace on (await evaluate)', asyncMode((i) => expression.evaluate(facts[i], { trace: true }))],
    ['zen: decision table, trace off (await evaluate)', asyncMode((i) => table.evaluate(facts[i]))],
    ['zen: expression, trace off (await evaluate)', asyncMode((i) => expression.evaluate(facts[i]))],
  ];
  const stageNames = ['  evaluate split: read the case object', '  evaluate split: evaluate', '  evaluate split: build the result object'];
  const times = modes.map(() => []);
  const cpu = modes.map(() => []);
  const stages = stageNames.map(() => []);
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const means = [];
    for (const [, run] of modes) means.push(await run());
    const split = [0, 0, 0];
    for (let i = 0; i < CASES; i++) {
      const s = engine._stageTimes(caseObjects[i]);
      for (let k = 0; k < 3; k++) split[k] += s[k];
    }
    if (round >= WARMUP_ROUNDS) {
      means.forEach(([wall, c], k) => {
        times[k].push(wall);
        cpu[k].push(c);
      });
      split.forEach((s, k) => stages[k].push(s / CASES));
      if (process.env.PEERS_VERBOSE) console.error(`round ${round - WARMUP_ROUNDS}: ${means.map(([m]) => (m / 1000).toFixed(2)).join(' ')}`);
    }
  }
  if (sink < 0) console.log(sink);

  const us = (ns) => (ns / 1000).toFixed(2);
  const rows = [
    ...modes.map(([name], k) => [name, times[k], cpu[k]]),
    ...stageNames.map((name, k) => [name, stages[k], null]),
  ];
  const width = Math.max(...rows.map(([n]) => n.length));
  console.log(`\n${ROUNDS} rounds of ${CASES} calls after ${WARMUP_ROUNDS} warm-up rounds; median of the round means, µs per call`);
  console.log(`${'mode'.padEnd(width)}  ${'wall µs'.padStart(9)}  ${'(min … max)'.padEnd(19)}  ${'CPU µs'.padStart(8)}`);
  for (const [name, xs, cs] of rows) {
    const range = `(${us(Math.min(...xs))} … ${us(Math.max(...xs))})`;
    console.log(`${name.padEnd(width)}  ${us(median(xs)).padStart(9)}  ${range.padEnd(19)}  ${cs ? us(median(cs)).padStart(8) : ''}`);
  }
  const m = times.map(median);
  const c = cpu.map(median);
  console.log(`load average at the end: ${require('node:os').loadavg().map((x) => x.toFixed(2)).join(', ')}`);
  console.log(
    `by CPU time: decision table ${(c[3] / c[0]).toFixed(2)}x, expression ${(c[4] / c[0]).toFixed(2)}x, overhead ${(c[1] / c[2]).toFixed(2)}x`,
  );
  console.log('');
  console.log(`speedup vs zen-engine node decision table, trace on: ${(m[3] / m[0]).toFixed(2)}x`);
  console.log(`speedup vs zen-engine node expression, trace on: ${(m[4] / m[0]).toFixed(2)}x`);
  console.log(`node overhead vs rust json to json: ${(m[1] / m[2]).toFixed(2)}x`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
