// bench/engine_pages.mjs: cold "page load -> engine ready" of pages from different copies of web/,
// interleaved, for before/after comparisons on a machine whose speed drifts (docs/benchmarks.md,
// "In-browser engine"). Each copy is served by the static server of tests/browser/lib.mjs (no
// compression, no request interception); every round opens each page once in a fresh browser
// context, the order rotating from round to round.
//
//   node bench/engine_pages.mjs RUNS LABEL=DIR:PAGE ...
//     e.g. git worktree-free before/after: `git archive OLD web | tar -x -C /tmp/old` (plus a build of
//     that commit's ./wasm into /tmp/old/web/openvalue.wasm and Go's wasm_exec.js), then
//     node bench/engine_pages.mjs 15 old=/tmp/old/web: new=web:
//
// PAGE is a file in DIR ("" = index.html). A page is ready when it sets the performance mark
// "openvalue:engine-ready" (web/app.js does, right after load() resolves); the time is that mark's
// startTime, i.e. ms since navigation start. Also reported: the first score of the largest golden
// submission after ready (a page may have scored already, so compare it only between like pages).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = await import(pathToFileURL(path.join(root, 'tests', 'browser', 'lib.mjs')).href);
const runs = Number(process.argv[2]);
const specs = process.argv.slice(3).map((a) => {
  const m = a.match(/^([^=]+)=(.*):([^:]*)$/);
  if (!m) throw new Error(`want LABEL=DIR:PAGE, got ${a}`);
  return { label: m[1], dir: path.resolve(m[2]), page: m[3] };
});
if (!(runs > 0) || specs.length === 0) {
  console.error('usage: node bench/engine_pages.mjs RUNS LABEL=DIR:PAGE ...');
  process.exit(2);
}
const golden = path.join(root, 'testdata', 'golden');
const big = fs.readdirSync(golden).filter((f) => f.endsWith('.in.json'))
  .map((f) => fs.readFileSync(path.join(golden, f), 'utf8')).reduce((a, b) => (b.length > a.length ? b : a));

const servers = new Map();
for (const s of specs) if (!servers.has(s.dir)) servers.set(s.dir, await lib.startStatic(s.dir));
const browser = await lib.launch();
const ready = specs.map(() => []), first = specs.map(() => []);
try {
  for (let i = 0; i < runs; i++) {
    for (const k of specs.map((_, j) => (j + i) % specs.length)) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${servers.get(specs[k].dir).origin}/${specs[k].page}`);
      await page.waitForFunction(() => performance.getEntriesByName('openvalue:engine-ready').length > 0, null, { timeout: 30000 });
      ready[k].push(await page.evaluate(() => performance.getEntriesByName('openvalue:engine-ready')[0].startTime));
      first[k].push(await page.evaluate((input) => {
        const t = performance.now(); globalThis.openvalue.score(input); return performance.now() - t;
      }, big));
      await context.close();
    }
  }
} finally {
  await browser.close();
  for (const s of servers.values()) await s.close();
}
const q = (xs, f) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(f * s.length))]; };
for (const [k, s] of specs.entries()) {
  console.log(`${s.label.padEnd(14)} ready median ${q(ready[k], 0.5).toFixed(0)} ms (p25 ${q(ready[k], 0.25).toFixed(0)}, p75 ${q(ready[k], 0.75).toFixed(0)}, min ${Math.min(...ready[k]).toFixed(0)}), first score ${q(first[k], 0.5).toFixed(1)} ms`);
}
