// The golden contract in a real browser: for every testdata/golden case, the page's
// globalThis.openvalue.score returns exactly the bytes of <case>.out.json (raw strings,
// not parsed objects, so key order, number formatting and escapes are all checked).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, startServer, goldenCases, recordRequests } from './lib.mjs';

const cases = goldenCases();
let browser, server, page, requests;

before(async () => {
  server = await startServer();
  browser = await launch();
  page = await browser.newPage();
  requests = recordRequests(page);
  // The app's own page (with the server's real headers, e.g. its CSP must allow wasm), then the engine.
  await page.goto(server.origin + '/');
  await page.evaluate(async () => { globalThis.__engine = await (await import('/engine.js')).load(); });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('there are golden cases', () => {
  assert.ok(cases.length > 0, 'testdata/golden has no *.in.json');
});

test('engine reports its methodology', async () => {
  const v = await page.evaluate(() => globalThis.openvalue.version);
  assert.equal(typeof v.methodology, 'string');
  assert.notEqual(v.methodology, '');
  assert.equal(typeof v.build, 'string');
});

for (const c of cases) {
  test(`score(${c.name}) in the browser equals ${c.name}.out.json`, async () => {
    const got = await page.evaluate((input) => globalThis.openvalue.score(input), c.input);
    assert.equal(typeof got, 'string');
    assert.ok(got === c.output, `score(${c.name}) differs from ${c.name}.out.json:\n got ${got.slice(0, 400)}\nwant ${c.output.slice(0, 400)}`);
  });
}

test('engine.js wrapper answers the same bytes and parses them', async () => {
  const c = cases[0];
  const [raw, parsed] = await page.evaluate((input) => [globalThis.__engine.scoreJSON(input), globalThis.__engine.score(input)], c.input);
  assert.equal(raw, c.output);
  assert.deepEqual(parsed, JSON.parse(c.output));
});

test('wrong arguments come back as an error document, not an exception', async () => {
  const got = await page.evaluate(() => [globalThis.openvalue.score(), globalThis.openvalue.score(42), globalThis.openvalue.score('{')]);
  for (const s of got) {
    const doc = JSON.parse(s);
    assert.equal(typeof doc.error?.code, 'string', s);
    assert.equal(typeof doc.error?.message, 'string', s);
  }
  assert.equal(JSON.parse(got[0]).error.code, 'bad_request');
});

test('scoring sends nothing: the only requests are same-origin GETs', () => {
  const origin = new URL(server.origin).origin;
  for (const r of requests) {
    assert.equal(new URL(r.url).origin, origin, `request to another origin: ${r.url}`);
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
  }
  assert.ok(requests.some((r) => r.url.endsWith('/openvalue.wasm')), 'openvalue.wasm was not fetched');
});
