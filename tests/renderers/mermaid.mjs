// Mermaid's own parser over every diagram given: `node mermaid.mjs FILE...`. A `.md` file
// is checked block by block (its fenced `mermaid` blocks); any other file is one diagram.
//
// `mermaid.parse` is awaited without `suppressErrors`, so a diagram Mermaid cannot read
// throws. Before the files, the checker parses a broken diagram and fails if Mermaid
// accepts it: a check that cannot fail is no check. Exit 0 when every diagram parses, 1
// when any does not, 2 on bad usage.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>', { pretendToBeVisual: true });
// Mermaid (and DOMPurify inside it) expect a browser's globals.
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const name of ['Element', 'HTMLElement', 'Node', 'DocumentFragment', 'DOMParser', 'XMLSerializer']) {
  if (!(name in globalThis)) globalThis[name] = dom.window[name];
}
if (!('navigator' in globalThis)) globalThis.navigator = dom.window.navigator;

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node mermaid.mjs FILE...');
  process.exit(2);
}

// A label left open: Mermaid must refuse it.
const broken = 'flowchart LR\n  n0["an unclosed label\n  n0 --> n1\n';
let refused = false;
try {
  await mermaid.parse(broken);
} catch {
  refused = true;
}
if (!refused) {
  console.error('FAIL mermaid accepted a broken diagram: the check cannot fail');
  process.exit(1);
}

function diagrams(file) {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.md')) return [text];
  const out = [];
  const re = /^```mermaid\n([\s\S]*?)^```/gm;
  let m;
  while ((m = re.exec(text)) !== null) out.push(m[1]);
  if (out.length === 0) throw new Error('no mermaid block');
  return out;
}

let failed = 0;
let checked = 0;
for (const file of files) {
  try {
    for (const diagram of diagrams(file)) {
      const result = await mermaid.parse(diagram);
      if (!result || result.diagramType !== 'flowchart-v2') {
        throw new Error(`unexpected diagram type ${result && result.diagramType}`);
      }
      checked += 1;
    }
  } catch (e) {
    failed += 1;
    console.error(`FAIL ${file}: ${String(e && e.message ? e.message : e).split('\n').slice(0, 6).join(' | ')}`);
  }
}
console.log(`mermaid: ${checked} diagrams parsed, ${failed} files failed, a broken diagram refused`);
process.exit(failed === 0 ? 0 : 1);
