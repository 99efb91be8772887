// Copies the addon cargo built (target/<profile>/libsafeguarding_rules_node.so, or .dylib,
// or .dll) to bindings/node/safeguarding_rules.node, where index.js loads it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const profile = process.argv[2] || 'debug';
const root = path.resolve(__dirname, '..', '..', '..');
const target = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
const names = ['libsafeguarding_rules_node.so', 'libsafeguarding_rules_node.dylib', 'safeguarding_rules_node.dll'];
const found = names.map((n) => path.join(target, profile, n)).find((p) => fs.existsSync(p));
if (!found) {
  console.error(`no addon in ${path.join(target, profile)}: run cargo build -p safeguarding-rules-node first`);
  process.exit(1);
}
const dest = path.join(__dirname, '..', 'safeguarding_rules.node');
fs.copyFileSync(found, dest);
console.log(`${path.relative(process.cwd(), found)} -> ${path.relative(process.cwd(), dest)}`);
