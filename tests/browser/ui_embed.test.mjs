// Embedding: the demo partner page (web/embed-demo/), served by a second server on another
// port (so another origin), adds the one-snippet embed.js from the calculator's server. The
// calculator mounts in an iframe, the partner receives openvalue:ready and openvalue:result
// DOM events, can prefill the form, and forged messages from anywhere but the calculator's
// frame are ignored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, startServer, startStatic, webDir, recordRequests, screenshot } from './lib.mjs';

let browser, calc, partner, page, requests;
const pageErrors = [];

before(async () => {
  calc = await startServer();
  partner = await startStatic(path.join(webDir, 'embed-demo'));
  assert.notEqual(new URL(calc.origin).origin, new URL(partner.origin).origin);
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  requests = recordRequests(context);
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Every CustomEvent the partner page sees, in order, for the assertions below.
  await page.addInitScript(() => {
    window.__events = [];
    for (const type of ['openvalue:ready', 'openvalue:result', 'openvalue:submitted']) {
      document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail }));
    }
  });
  await page.goto(`${partner.origin}/index.html?calculator=${encodeURIComponent(calc.origin)}`);
});

after(async () => {
  await browser?.close();
  await calc?.close();
  await partner?.close();
});

const events = () => page.evaluate(() => window.__events);
const frame = () => page.frameLocator('#openvalue-calculator iframe');

test('the snippet mounts the calculator from its own origin and reports ready', async () => {
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'openvalue:ready'), null, { timeout: 20000 });
  const src = await page.getAttribute('#openvalue-calculator iframe', 'src');
  assert.equal(new URL(src).origin, new URL(calc.origin).origin);
  assert.equal(new URL(src).pathname, '/embed.html');
  assert.ok(await page.getAttribute('#openvalue-calculator iframe', 'title'));
  const ready = (await events()).find((e) => e.type === 'openvalue:ready');
  assert.equal(typeof ready.detail.version.methodology, 'string');
  assert.match(await page.textContent('#engine-version'), /\S/);
});

test('typing in the calculator sends the result to the partner page', async () => {
  await frame().locator('[data-path="organization.name"]').fill('Lakeside Clinic');
  await frame().locator('nav.steps button[data-step="maturity"]').click();
  await frame().locator('[data-path="maturity.emram"]').selectOption('7');
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'openvalue:result' && e.detail.status === 'ok'
    && e.detail.result.organization.name === 'Lakeside Clinic' && e.detail.result.valueScore.total > 0));
  const last = (await events()).filter((e) => e.type === 'openvalue:result').pop();
  assert.equal(last.detail.result.status, 'estimated');
  assert.equal(await page.textContent('#value-score'), `${last.detail.result.valueScore.total} / ${last.detail.result.valueScore.max}`);
  // The frame follows its content's height.
  const h = await page.evaluate(() => document.querySelector('#openvalue-calculator iframe').getBoundingClientRect().height);
  assert.ok(h > 600, `iframe height ${h}`);
  await screenshot(page, 'ui-embed-partner');
});

test('the partner can prefill the form through the API', async () => {
  await page.click('#prefill');
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'openvalue:result' && e.detail.status === 'ok'
    && e.detail.result.organization.name === 'Riverside Community Hospital'));
  await frame().locator('nav.steps button[data-step="organization"]').click();
  assert.equal(await frame().locator('[data-path="organization.name"]').inputValue(), 'Riverside Community Hospital');
});

test('forged messages that do not come from the calculator frame are ignored', async () => {
  const n = (await events()).length;
  await page.evaluate(() => {
    window.postMessage({ type: 'openvalue:result', status: 'ok', result: { forged: true } }, '*');
    const other = document.createElement('iframe');
    other.srcdoc = '<script>parent.postMessage({type:"openvalue:result",status:"ok",result:{forged:true}},"*")<\/script>';
    document.body.append(other);
  });
  await page.waitForTimeout(500);
  const after = await events();
  assert.equal(after.length, n, JSON.stringify(after.slice(n)));
});

test('the calculator obeys only its parent window', async () => {
  // The partner page frames a middle page, which frames the calculator. The middle page is the
  // calculator's parent; the top page (same origin, but not the parent) tries to prefill it.
  await page.evaluate((src) => {
    const mid = document.createElement('iframe');
    mid.id = 'nest';
    mid.name = 'nest';
    mid.style.cssText = 'width:900px;height:600px';
    mid.srcdoc = `<!doctype html><body><iframe id="calc" src="${src}" style="width:880px;height:560px"></iframe><script>
      window.got = [];
      const calc = document.getElementById('calc');
      addEventListener('message', (e) => { if (e.source === calc.contentWindow) got.push(e.data.type); });
      calc.addEventListener('load', () => calc.contentWindow.postMessage({type: 'openvalue:hello', version: 1}, '*'));
    <\/script></body>`;
    document.body.append(mid);
  }, `${calc.origin}/embed.html`);
  await page.waitForFunction(() => window.frames.nest && window.frames.nest.got);
  const mid = page.frame({ name: 'nest' });
  await mid.waitForFunction(() => (window.got || []).includes('openvalue:ready'), null, { timeout: 20000 });
  const inner = page.frameLocator('#nest').frameLocator('#calc');
  // (It restored the draft the first calculator frame saved: same partner site, same storage.)
  const before = await inner.locator('[data-path="organization.name"]').inputValue();
  // The top page is not the calculator's parent: ignored.
  await page.evaluate(() => {
    const calcWin = document.getElementById('nest').contentWindow.frames[0];
    calcWin.postMessage({ type: 'openvalue:set-submission', submission: { organization: { name: 'Forged by top' }, maturity: {}, infram: {} } }, '*');
  });
  await page.waitForTimeout(500);
  assert.equal(await inner.locator('[data-path="organization.name"]').inputValue(), before);
  assert.notEqual(before, 'Forged by top');
  // The parent is obeyed (the same message, from the right window).
  await mid.evaluate(() => document.getElementById('calc').contentWindow.postMessage(
    { type: 'openvalue:set-submission', submission: { organization: { name: 'From the parent' }, maturity: {}, infram: {} } }, '*'));
  await mid.waitForFunction(() => window.got.filter((t) => t === 'openvalue:result').length > 1);
  assert.equal(await inner.locator('[data-path="organization.name"]').inputValue(), 'From the parent');
  await page.evaluate(() => document.getElementById('nest').remove());
});

test('the partner page only loads the calculator’s static files; nothing is posted', async () => {
  const calcOrigin = new URL(calc.origin).origin;
  const partnerOrigin = new URL(partner.origin).origin;
  const bad = requests.filter((r) => {
    if (r.url.startsWith('about:') || r.url.startsWith('data:') || r.url.startsWith('blob:')) return false;
    const o = new URL(r.url).origin;
    return r.method !== 'GET' || (o !== calcOrigin && o !== partnerOrigin);
  });
  assert.deepEqual(bad.map((r) => `${r.method} ${r.url}`), []);
  assert.deepEqual(pageErrors, []);
});
