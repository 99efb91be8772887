// Opens HTML files in headless Chromium (Debian's, at /usr/bin/chromium, driven by
// playwright-core; no browser is downloaded) and checks that each renders as a filed
// record should: `node chromium.mjs OUTDIR FILE.html...`.
//
// For each file: no console error, no page error, no request but the file itself and
// `data:` (anything else is refused and reported), no <script> element, headings that do
// not skip a level, at least one <svg> unless `--no-svg` is given; then a full-page
// screenshot at A4 width (OUTDIR/NAME.png), the first A4 screen (OUTDIR/NAME-first-page.png) and an A4 PDF (OUTDIR/NAME.pdf). Exit 0 when
// every file passes, 1 when any fails, 2 on bad usage. Reusable for any HTML the project
// renders (reports too).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, resolve, join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const requireSvg = !args.includes('--no-svg');
const [outdir, ...files] = args.filter((a) => a !== '--no-svg');
if (!outdir || files.length === 0) {
  console.error('usage: node chromium.mjs [--no-svg] OUTDIR FILE.html...');
  process.exit(2);
}
mkdirSync(outdir, { recursive: true });

// The flags this machine's closed network needs: without the background-networking ones
// Chromium keeps trying to reach Google's hosts.
const profile = mkdtempSync(join(tmpdir(), 'sgr-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  // A4 at 96 dpi: 210 mm is 794 CSS pixels.
  viewport: { width: 794, height: 1123 },
});

let failed = 0;
try {
  for (const file of files) {
    const url = pathToFileURL(resolve(file)).href;
    const problems = [];
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.route('**/*', (route) => {
      const target = route.request().url();
      if (target === url || target.startsWith('data:')) return route.continue();
      problems.push(`request: ${target}`);
      return route.abort();
    });
    page.on('request', (req) => {
      const target = req.url();
      if (target !== url && !target.startsWith('data:') && !problems.includes(`request: ${target}`)) {
        problems.push(`request: ${target}`);
      }
    });
    await page.goto(url, { waitUntil: 'load' });
    const dom = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      svgs: document.querySelectorAll('svg').length,
      headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1])),
      title: document.title,
    }));
    if (dom.scripts > 0) problems.push(`${dom.scripts} <script> elements`);
    if (requireSvg && dom.svgs === 0) problems.push('no <svg>');
    if (!dom.title) problems.push('no <title>');
    let level = 0;
    for (const h of dom.headings) {
      if (h > level + 1) problems.push(`heading h${h} after h${level}: a level skipped`);
      level = h;
    }
    if (dom.headings[0] !== 1) problems.push('the first heading is not h1');
    const name = basename(file).replace(/\.html?$/, '');
    await page.screenshot({ path: join(outdir, `${name}.png`), fullPage: true });
    // The first A4 screen alone, at full size: what a reader sees first, legible or not.
    await page.screenshot({ path: join(outdir, `${name}-first-page.png`) });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: join(outdir, `${name}.pdf`), format: 'A4', printBackground: true });
    await page.close();
    if (problems.length > 0) {
      failed += 1;
      console.error(`FAIL ${file}:\n  ${problems.join('\n  ')}`);
    } else {
      console.log(`ok ${file}`);
    }
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed === 0 ? 0 : 1);
