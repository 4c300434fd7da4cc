// What the engine's speed depends on, checked in the browser (the timings themselves are
// benchmarks: bench/engine.mjs, recorded in docs/benchmarks.md, never asserted here):
// the .wasm is served as application/wasm so the browser compiles it while it downloads,
// it is fetched once per load, the download stays within its budget, and repeated scoring
// of the largest golden submission keeps answering the same bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch, startServer, goldenCases, blankPage, recordRequests, webDir } from './lib.mjs';

let browser, server, context, page, responses, requests;

before(async () => {
  server = await startServer();
  browser = await launch();
  context = await browser.newContext();
  page = await context.newPage();
  requests = recordRequests(page);
  responses = [];
  page.on('response', (r) => responses.push(r));
  await blankPage(page, server.origin);
  await page.evaluate(async () => { globalThis.__engine = await (await import('/engine.js')).load(); });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the engine is served as application/wasm (streaming compilation)', async () => {
  const r = responses.find((x) => new URL(x.url()).pathname === '/openvalue.wasm');
  assert.ok(r, 'openvalue.wasm was not fetched');
  assert.equal(r.status(), 200);
  assert.match((await r.allHeaders())['content-type'] || '', /^application\/wasm\b/);
});

test('one load fetches the engine once', () => {
  const n = requests.filter((r) => new URL(r.url).pathname === '/openvalue.wasm').length;
  assert.equal(n, 1);
});

test('load() is idempotent in the page', async () => {
  const same = await page.evaluate(async () => (await (await import('/engine.js')).load()) === globalThis.__engine);
  assert.equal(same, true);
});

// The budget, "1 MB brotli", read as 1 MiB like the edge's 3 MB limit (mk/edge.mk).
test('engine download is within the 1 MB brotli budget', () => {
  const b = fs.readFileSync(path.join(webDir, 'openvalue.wasm'));
  const brotli = zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  assert.ok(brotli <= 1 << 20, `openvalue.wasm is ${brotli} bytes brotli; the budget is 1 MiB (${1 << 20} bytes)`);
});

test('scoring the largest golden submission 500 times answers the same bytes', async () => {
  const big = goldenCases().reduce((a, c) => (c.input.length > a.input.length ? c : a));
  const distinct = await page.evaluate((input) => {
    const seen = new Set();
    for (let i = 0; i < 500; i++) seen.add(globalThis.__engine.scoreJSON(input));
    return [...seen];
  }, big.input);
  assert.deepEqual(distinct, [big.output]);
});

test('a server that sends the .wasm as application/octet-stream still gets a working engine', async () => {
  const ctx = await browser.newContext();
  try {
    const p = await ctx.newPage();
    await p.route(`${server.origin}/openvalue.wasm`, async (route) => {
      const r = await route.fetch();
      await route.fulfill({ response: r, headers: { ...r.headers(), 'content-type': 'application/octet-stream', 'content-encoding': '' } });
    });
    await blankPage(p, server.origin);
    const big = goldenCases().reduce((a, c) => (c.input.length > a.input.length ? c : a));
    const got = await p.evaluate(async (input) => (await (await import('/engine.js')).load()).scoreJSON(input), big.input);
    assert.equal(got, big.output);
  } finally {
    await ctx.close();
  }
});

test('the engine announces itself: an "openvalue:ready" event on window and the global', async () => {
  const ctx = await browser.newContext();
  try {
    const p = await ctx.newPage();
    await blankPage(p, server.origin);
    const got = await p.evaluate(async () => {
      let fired = 0;
      addEventListener('openvalue:ready', () => { fired++; });
      const e = await (await import('/engine.js')).load();
      return { fired, hasGlobal: typeof globalThis.openvalue?.score === 'function', version: e.version, readyMs: e.readyMs };
    });
    assert.equal(got.fired, 1);
    assert.equal(got.hasGlobal, true);
    assert.match(got.version.build, /^([0-9a-f]{12}(\+dirty)?|devel)$/);
    assert.ok(got.readyMs > 0);
  } finally {
    await ctx.close();
  }
});

// index.html starts the engine from <head> (engine-start.js): the .wasm's preload and
// engine-start.js's fetch must be one request, engine-start.js must not be fetched again as a
// module, and load() must hand the page the engine that start made.
test('the app page starts the engine early: one fetch of each file, load() takes the early start over', async () => {
  const ctx = await browser.newContext();
  try {
    const p = await ctx.newPage();
    const reqs = recordRequests(p);
    await p.goto(`${server.origin}/`);
    await p.waitForFunction(() => performance.getEntriesByName('openvalue:engine-ready').length > 0, null, { timeout: 30000 });
    const count = (name) => reqs.filter((r) => new URL(r.url).pathname === name).length;
    assert.equal(count('/openvalue.wasm'), 1);
    assert.equal(count('/engine-start.js'), 1);
    assert.equal(count('/wasm_exec.js'), 1);
    const steps = await p.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.startsWith('openvalue:load:')));
    // Each step once; "response" and "wasm-exec" may come in either order.
    assert.deepEqual([...steps].sort(), ['start', 'response', 'wasm-exec', 'compiled', 'instantiated', 'run'].map((s) => `openvalue:load:${s}`).sort());
    assert.equal(steps[0], 'openvalue:load:start');
    assert.deepEqual(steps.slice(3), ['compiled', 'instantiated', 'run'].map((s) => `openvalue:load:${s}`));
    const early = await p.evaluate(async () => (await globalThis.openvalueStarting) === globalThis.openvalue);
    assert.equal(early, true);
  } finally {
    await ctx.close();
  }
});
