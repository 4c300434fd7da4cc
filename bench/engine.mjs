// bench/engine.mjs: the in-browser engine's numbers for docs/benchmarks.md ("In-browser engine").
//
//   node bench/engine.mjs              everything below (needs `make build` and chromium)
//   node bench/engine.mjs --size-only  only the sizes and the per-package code cost
//   node bench/engine.mjs --no-size    only the timings
//   node bench/engine.mjs --json       one JSON document instead of the text report
//
// What it measures, all on the largest testdata/golden submission:
//   size      raw / gzip -9 / brotli q11 of web/openvalue.wasm, wasm_exec.js, engine.js, engine-start.js (what a browser
//             downloads), and the code bytes per Go package (function bodies of an unstripped build of the
//             same ./wasm, attributed by the wasm name section; data segments reported as one line), and
//             variants: without verifyReceipt, without rateHospital, without both (build tags), and the
//             floor, a Go wasm program that only blocks, built the same way
//   browser   cold page load -> engine ready in headless Debian chromium: a fresh browser context per run
//             (empty HTTP and code caches), pages served by `openvalue serve` (or a static server over web/);
//             "ready" is performance.now() in the page when load() resolves, i.e. since navigation start.
//             Three pages: "app" (web/index.html itself, which starts the engine from <head> with
//             engine-start.js), "early" (a bench page starting the engine the same way) and "late"
//             (a bench page that only imports engine.js); each start-up step's median time
//             (engine-start.js's performance marks, the .wasm's resource timing). Then score() p50/p99
//             in the "early" page (cross-origin isolated, so performance.now() has 5 µs grain)
//   node      the same engine in Node (ready, p50/p99), like ../shared/checks/wasm_golden.mjs
//   native    scoring.AppendScore p50/p99 natively, called as the engine calls it (bench/enginenative), and native/wasm ratios
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const args = new Set(process.argv.slice(2));
const sizeOnly = args.has('--size-only');
const noSize = args.has('--no-size');
const asJSON = args.has('--json');
const coldRuns = 11;
const scoreRuns = 4000;

const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
const br = (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const median = (xs) => pct([...xs].sort((a, b) => a - b), 50);

function largestGolden() {
  const dir = path.join(root, 'testdata', 'golden');
  let best = null;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.in.json'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const out = fs.readFileSync(path.join(dir, f.replace('.in.json', '.out.json')), 'utf8');
    if (out.includes('"error"')) continue; // time a real scoring, not an early refusal
    if (!best || text.length > best.text.length) best = { name: f, text };
  }
  if (!best) throw new Error('no valid golden submission in testdata/golden');
  return best;
}

// ---------------------------------------------------------------- size

function leb(buf, pos) {
  let result = 0, shift = 0, b;
  do { b = buf[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return [result, pos];
}

// wasmFunctions returns the code size of every function body with its name (name section).
function wasmFunctions(buf) {
  let pos = 8, imported = 0;
  const bodies = [], names = new Map();
  let data = 0;
  while (pos < buf.length) {
    const id = buf[pos++];
    let size; [size, pos] = leb(buf, pos);
    const end = pos + size;
    if (id === 2) { // imports: count the imported functions, which come first in the index space
      let n, p = pos; [n, p] = leb(buf, p);
      for (let i = 0; i < n; i++) {
        let l; [l, p] = leb(buf, p); p += l; [l, p] = leb(buf, p); p += l;
        const kind = buf[p++];
        if (kind === 0) { [, p] = leb(buf, p); imported++; }
        else if (kind === 1) { p++; const flag = buf[p++]; [, p] = leb(buf, p); if (flag & 1) [, p] = leb(buf, p); }
        else if (kind === 2) { const flag = buf[p++]; [, p] = leb(buf, p); if (flag & 1) [, p] = leb(buf, p); }
        else if (kind === 3) { p += 2; }
      }
    } else if (id === 10) {
      let n, p = pos; [n, p] = leb(buf, p);
      for (let i = 0; i < n; i++) { let l; const start = p; [l, p] = leb(buf, p); p += l; bodies.push(p - start); }
    } else if (id === 11) {
      data += size;
    } else if (id === 0) {
      let l, p = pos; [l, p] = leb(buf, p);
      const name = buf.subarray(p, p + l).toString('utf8'); p += l;
      if (name === 'name') {
        while (p < end) {
          const sub = buf[p++]; let sl; [sl, p] = leb(buf, p);
          if (sub === 1) {
            let n, q = p; [n, q] = leb(buf, q);
            for (let i = 0; i < n; i++) {
              let idx, nl; [idx, q] = leb(buf, q); [nl, q] = leb(buf, q);
              names.set(idx, buf.subarray(q, q + nl).toString('utf8')); q += nl;
            }
          }
          p += sl;
        }
      }
    }
    pos = end;
  }
  return { functions: bodies.map((size, i) => ({ size, name: names.get(imported + i) || '?' })), data };
}

// goPackage is the import path of a function in the wasm name section, where the linker writes
// "/" and "(*T)" as "_": "encoding_json.__decodeState_.object" -> "encoding/json".
function goPackage(sym) {
  const s = sym.split('[')[0]; // generic instantiations name other packages inside [...]
  const host = s.match(/^[a-z0-9-]+\.(com|org|net|io|dev|in)_/);
  const dot = s.indexOf('.', host ? host[0].length : 0);
  const pkg = dot < 0 ? s : s.slice(0, dot);
  return pkg.endsWith('_') ? pkg : pkg.replace(/_/g, '/');
}

// The engine's own workspace (mk/web.mk: tidwall/pretty without encoding/json), so the variants
// are built as web/openvalue.wasm is; absent before the first `make build`.
const engineWork = path.join(root, 'build', 'wasm-work', 'go.work');

function goBuildWasm(dir, pkg, out, flags = ['-trimpath']) {
  const work = dir === root && fs.existsSync(engineWork) ? { GOWORK: engineWork } : {};
  execFileSync('go', ['build', ...flags, '-o', out, pkg], {
    cwd: dir, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm', ...work }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  return fs.readFileSync(out);
}

function sizes() {
  const file = (name) => fs.readFileSync(path.join(web, name));
  const wasm = file('openvalue.wasm');
  const parts = { 'openvalue.wasm': wasm, 'wasm_exec.js': file('wasm_exec.js'), 'engine.js': file('engine.js'), 'engine-start.js': file('engine-start.js') };
  const download = {};
  let total = { raw: 0, gzip: 0, brotli: 0 };
  for (const [name, b] of Object.entries(parts)) {
    download[name] = { raw: b.length, gzip: gz(b), brotli: br(b) };
    for (const k of Object.keys(total)) total[k] += download[name][k];
  }
  download.total = total;

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openvalue-size-'));
  try {
    // The same engine with its name section kept, to attribute code bytes to packages.
    const named = goBuildWasm(root, './wasm', path.join(tmp, 'named.wasm'));
    const { functions, data } = wasmFunctions(named);
    const byPkg = new Map();
    for (const f of functions) byPkg.set(goPackage(f.name), (byPkg.get(goPackage(f.name)) || 0) + f.size);
    const code = functions.reduce((s, f) => s + f.size, 0);
    const packages = [...byPkg.entries()].sort((a, b) => b[1] - a[1]).map(([pkg, bytes]) => ({ pkg, bytes }));
    const groups = {};
    for (const { pkg, bytes } of packages) {
      const g = pkg.startsWith('openvalue/') ? pkg
        : /^(runtime|internal\/|sync|syscall|unsafe|type_|go\/|errors|io$|os$|time$|math$|math\/bits|sort|slices|maps|iter|cmp)/.test(pkg) ? 'Go runtime and base'
        : pkg;
      groups[g] = (groups[g] || 0) + bytes;
    }
    // What each export costs: the same engine without it (build tags of wasm/ratings.go and
    // wasm/receipt.go), and the floor: a Go wasm program that does nothing but block.
    const floorDir = path.join(tmp, 'floor');
    fs.mkdirSync(floorDir);
    fs.writeFileSync(path.join(floorDir, 'go.mod'), 'module floor\n\ngo 1.26\n');
    fs.writeFileSync(path.join(floorDir, 'main.go'), 'package main\n\nimport "syscall/js"\n\nfunc main() {\n\tjs.Global().Set("x", 1)\n\tselect {}\n}\n');
    const sizeOf = (b) => ({ raw: b.length, gzip: gz(b), brotli: br(b) });
    const variants = {
      'without verifyReceipt (-tags noreceipt)': sizeOf(goBuildWasm(root, './wasm', path.join(tmp, 'v1.wasm'), ['-trimpath', '-tags=noreceipt', '-ldflags=-s -w'])),
      'without rateHospital (-tags noratings)': sizeOf(goBuildWasm(root, './wasm', path.join(tmp, 'v2.wasm'), ['-trimpath', '-tags=noratings', '-ldflags=-s -w'])),
      'score and catalog only (both tags)': sizeOf(goBuildWasm(root, './wasm', path.join(tmp, 'v3.wasm'), ['-trimpath', '-tags=noreceipt,noratings', '-ldflags=-s -w'])),
      'floor: a Go wasm program that only blocks': sizeOf(goBuildWasm(floorDir, '.', path.join(tmp, 'floor.wasm'), ['-trimpath', '-ldflags=-s -w'])),
    };
    return {
      download, variants,
      code: { functions: code, data, named: named.length },
      groups: Object.entries(groups).sort((a, b) => b[1] - a[1]).map(([group, bytes]) => ({ group, bytes })),
      packages: packages.slice(0, 25),
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- node

async function inNode(input) {
  const { load } = await import(pathToFileURL(path.join(web, 'engine.js')).href);
  const engine = await load({ wasmBytes: fs.readFileSync(path.join(web, 'openvalue.wasm')), wasmExecURL: pathToFileURL(path.join(web, 'wasm_exec.js')) });
  for (let i = 0; i < 1000; i++) engine.scoreJSON(input);
  const t = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < scoreRuns; i++) { const s = performance.now(); engine.scoreJSON(input); t.push((performance.now() - s) * 1000); }
  const cpu = process.cpuUsage(cpu0);
  t.sort((a, b) => a - b);
  // CPU time per call (the process's user + system time over the loop) is the figure the
  // machine's load changes least; the wall-clock percentiles include time other processes took.
  return { readyMs: engine.readyMs, p50us: pct(t, 50), p99us: pct(t, 99), minus: t[0], cpuUsPerCall: (cpu.user + cpu.system) / scoreRuns,
    methodology: engine.version.methodology, build: engine.version.build };
}

// ---------------------------------------------------------------- browser

// Two pages: "early" starts the engine the way web/index.html does (the .wasm preloaded, Go's
// wasm_exec.js and engine-start.js as classic scripts first in <head>, so fetch, compile and
// Go's start run while the modules load); "late" only imports engine.js and calls load(), as a
// page without those tags would.
const benchHead = {
  early: `<link rel="preload" href="/openvalue.wasm" as="fetch" type="application/wasm" crossorigin>
<script src="/wasm_exec.js"></script>
<script src="/engine-start.js"></script>`,
  late: '',
};
const benchPage = (kind) => `<!doctype html><meta charset="utf-8"><title>engine bench</title>
${benchHead[kind]}
<script type="module">
import { load } from '/engine.js';
const t = performance.now();
load().then((e) => { globalThis.__bench = { readyAt: performance.now(), loadMs: e.readyMs, startedAt: t }; },
            (err) => { globalThis.__bench = { error: String(err) }; });
</script>`;

// The start-up steps engine-start.js marks, and the .wasm's own timing, in ms since navigation start.
const steps = ['start', 'response', 'wasm-exec', 'compiled', 'instantiated', 'run'];
function timeline() {
  const o = {};
  for (const m of performance.getEntriesByType('mark')) {
    if (m.name.startsWith('openvalue:load:')) o[m.name.slice('openvalue:load:'.length)] = m.startTime;
    if (m.name === 'openvalue:engine-ready') o.appEngineReady = m.startTime;
  }
  for (const e of performance.getEntriesByType('resource')) {
    const name = e.name.split('/').pop();
    if (name === 'openvalue.wasm') Object.assign(o, { wasmRequest: e.requestStart, wasmFirstByte: e.responseStart, wasmLastByte: e.responseEnd });
    if (name === 'engine.js') o.engineJs = e.responseEnd;
  }
  o.document = performance.getEntriesByType('navigation')[0].responseEnd;
  return o;
}

async function inBrowser(input) {
  const lib = await import(pathToFileURL(path.join(root, 'tests', 'browser', 'lib.mjs')).href);
  const server = await lib.startServer();
  const browser = await lib.launch();
  const kinds = ['app', 'early', 'late'];
  const res = { server: server.kind, chromium: browser.version(), cold: { app: [], early: [], late: [] }, warm: { app: [], early: [], late: [] } };
  try {
    const open = async (context, kind) => {
      const page = await context.newPage();
      // Cross-origin isolation gives performance.now() its fine grain; same-origin subresources are unaffected.
      await page.route(`${server.origin}/__bench.html`, (route) => route.fulfill({
        status: 200, contentType: 'text/html; charset=utf-8', body: benchPage(kind),
        headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
      }));
      return page;
    };
    const readyOf = async (page) => {
      await page.waitForFunction(() => globalThis.__bench, null, { timeout: 30000 });
      const b = await page.evaluate(() => globalThis.__bench);
      if (b.error) throw new Error(`engine did not load in the browser: ${b.error}`);
      return { ...b, timeline: await page.evaluate(timeline) };
    };
    // The pages alternate, so a busy moment of the machine falls on all alike. "app" is the real
    // web/index.html as `openvalue serve` sends it, with nothing intercepted: its "ready" is the
    // mark app.js sets when load() resolves. The two bench pages are answered through Playwright's
    // request interception (for their COOP/COEP headers), which delays every request of those
    // pages: compare them with each other, and read the target off "app".
    for (let i = 0; i < coldRuns; i++) {
      // The order rotates: the first page after a closed context starts measurably slower.
      for (const kind of [...kinds.slice(i % kinds.length), ...kinds.slice(0, i % kinds.length)]) {
        const context = await browser.newContext();
        const page = kind === 'app' ? await context.newPage() : await open(context, kind);
        await page.goto(`${server.origin}/${kind === 'app' ? '' : '__bench.html'}`);
        let cold;
        if (kind === 'app') {
          await page.waitForFunction(() => performance.getEntriesByName('openvalue:engine-ready').length > 0, null, { timeout: 30000 });
          const t = await page.evaluate(timeline);
          cold = { readyAt: t.appEngineReady, loadMs: NaN, timeline: t };
        } else {
          cold = await readyOf(page);
        }
        // The first score on a cold engine (V8 compiles the scoring code on first use): what the
        // page pays before it can show its first estimate. (In "app" the page has scored already.)
        cold.firstScoreMs = await page.evaluate((input) => {
          const t = performance.now(); globalThis.openvalue.score(input); return performance.now() - t;
        }, input);
        res.cold[kind].push(cold);
        if (kind === 'early') {
          await page.reload(); // same context: HTTP cache and V8's wasm code cache are warm
          res.warm[kind].push(await readyOf(page));
        }
        if (i === coldRuns - 1 && kind === 'early') { // the last round's "early" page, warm by now
          res.isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
          Object.assign(res, await page.evaluate(({ input, n }) => {
            const score = globalThis.openvalue.score;
            // Steady state, as while someone types: V8 replaces the first-call (Liftoff) code of
            // the hot functions with optimized code in the background over the first ~1,000 calls.
            for (let i = 0; i < 1000; i++) score(input);
            // In blocks of 1,000, so a stretch where another process held the core shows as such.
            const t = new Float64Array(n), blocks = [];
            for (let i = 0; i < n; i++) {
              const s = performance.now(); score(input); t[i] = (performance.now() - s) * 1000;
              if ((i + 1) % 1000 === 0) blocks.push([...t.subarray(i + 1 - 1000, i + 1)].sort((a, b) => a - b)[499]);
            }
            t.sort();
            const p = (q) => t[Math.min(n - 1, Math.ceil((q / 100) * n) - 1)];
            return { p50us: p(50), p99us: p(99), maxus: t[n - 1], minus: t[0], blockP50us: blocks };
          }, { input, n: scoreRuns }));
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const out = { server: res.server, chromium: res.chromium, isolated: res.isolated, p50us: res.p50us, p99us: res.p99us, maxus: res.maxus, minus: res.minus, blockP50us: res.blockP50us };
  for (const kind of kinds) {
    const cold = res.cold[kind], warm = res.warm[kind];
    const tl = {};
    for (const k of Object.keys(cold[0].timeline)) tl[k] = median(cold.map((b) => b.timeline[k] ?? NaN));
    out[kind] = {
      coldReadyMs: median(cold.map((b) => b.readyAt)), coldReadyMsMax: Math.max(...cold.map((b) => b.readyAt)),
      coldLoadMs: median(cold.map((b) => b.loadMs)), coldFirstScoreMs: median(cold.map((b) => b.firstScoreMs)),
      warmReadyMs: warm.length ? median(warm.map((b) => b.readyAt)) : NaN, timeline: tl,
    };
  }
  return out;
}

// ---------------------------------------------------------------- native

function native(file) {
  const out = execFileSync('go', ['run', './bench/enginenative', '-n', String(scoreRuns * 5), file], {
    cwd: root, encoding: 'utf8', env: { ...process.env, CGO_ENABLED: '0' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out);
}

// ---------------------------------------------------------------- report

// Timings first, while the machine is as quiet as it gets; the size builds and brotli runs
// after them would otherwise be their own load.
const report = { date: new Date().toISOString(), loadavg: os.loadavg()[0] };
if (!sizeOnly) {
  const big = largestGolden();
  report.input = { case: big.name, bytes: Buffer.byteLength(big.text) };
  report.browser = await inBrowser(big.text);
  report.node = await inNode(big.text);
  report.native = native(path.join(root, 'testdata', 'golden', big.name));
  report.ratio = {
    browserOverNativeP50: report.browser.p50us / report.native.p50us,
    nodeOverNativeP50: report.node.p50us / report.native.p50us,
    nodeOverNativeCPU: report.node.cpuUsPerCall / report.native.cpuUsPerCall,
  };
}

report.loadavgAfter = os.loadavg()[0];
if (!noSize) report.size = sizes();

if (asJSON) {
  console.log(JSON.stringify(report, null, 2));
} else if (report.size) {
  const s = report.size, d = s.download;
  console.log(`engine download (${report.date})`);
  for (const [name, v] of Object.entries(d)) console.log(`  ${name.padEnd(15)} raw ${kb(v.raw).padStart(11)}  gzip ${kb(v.gzip).padStart(10)}  brotli ${kb(v.brotli).padStart(10)}`);
  console.log('variants (make build flags):');
  for (const [name, v] of Object.entries(s.variants)) console.log(`  raw ${kb(v.raw).padStart(11)}  gzip ${kb(v.gzip).padStart(10)}  brotli ${kb(v.brotli).padStart(10)}  ${name}`);
  console.log(`code by package group (function bodies ${kb(s.code.functions)}; data segments ${kb(s.code.data)}):`);
  for (const g of s.groups.slice(0, 15)) console.log(`  ${kb(g.bytes).padStart(11)}  ${(100 * g.bytes / s.code.functions).toFixed(1).padStart(5)}%  ${g.group}`);
  console.log('largest packages:');
  for (const p of s.packages.slice(0, 15)) console.log(`  ${kb(p.bytes).padStart(11)}  ${p.pkg}`);
}
if (!asJSON && !sizeOnly) {
  const b = report.browser, n = report.node, x = report.native;
  console.log(`${report.date}, load average ${report.loadavg.toFixed(1)} before the timings, ${report.loadavgAfter.toFixed(1)} after`);
  console.log(`input: ${report.input.case} (${report.input.bytes} bytes)`);
  console.log(`browser (${b.chromium}, ${b.server} server, isolated=${b.isolated}), medians of ${coldRuns} fresh contexts, ms since navigation start:`);
  for (const kind of ['app', 'early', 'late']) {
    const k = b[kind], t = k.timeline, f = (x) => (Number.isFinite(x) ? x.toFixed(0) : '-');
    console.log(`  ${kind.padEnd(5)} cold ready ${k.coldReadyMs.toFixed(1)} ms (worst ${k.coldReadyMsMax.toFixed(1)}; load() ${f(k.coldLoadMs)} ms), warm ${f(k.warmReadyMs)} ms, first score ${k.coldFirstScoreMs.toFixed(1)} ms`);
    console.log(`        document ${f(t.document)}, start ${f(t.start)}, engine.js ${f(t.engineJs)}, wasm request ${f(t.wasmRequest)}, first byte ${f(t.wasmFirstByte)}, last byte ${f(t.wasmLastByte)}, wasm_exec ${f(t['wasm-exec'])}, compiled ${f(t.compiled)}, instantiated ${f(t.instantiated)}, Go main done ${f(t.run)}`);
  }
  console.log(`browser score: p50 ${b.p50us.toFixed(1)} µs, p99 ${b.p99us.toFixed(1)} µs, fastest ${b.minus.toFixed(1)} µs, max ${b.maxus.toFixed(1)} µs; p50 of each block of 1,000: ${b.blockP50us.map((x) => x.toFixed(0)).join(', ')} µs`);
  console.log(`node score: p50 ${n.p50us.toFixed(1)} µs, p99 ${n.p99us.toFixed(1)} µs, fastest ${n.minus.toFixed(1)} µs, CPU ${n.cpuUsPerCall.toFixed(1)} µs/call; ready ${n.readyMs.toFixed(1)} ms`);
  console.log(`native AppendScore: p50 ${x.p50us.toFixed(1)} µs, p99 ${x.p99us.toFixed(1)} µs, CPU ${x.cpuUsPerCall.toFixed(1)} µs/call`);
  console.log(`wasm/native p50: browser ${report.ratio.browserOverNativeP50.toFixed(2)}x, node ${report.ratio.nodeOverNativeP50.toFixed(2)}x; CPU per call node/native ${report.ratio.nodeOverNativeCPU.toFixed(2)}x`);
}
