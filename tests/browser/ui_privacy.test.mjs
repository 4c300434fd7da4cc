// Privacy: with every request of the browser context recorded (documents, scripts, fetches,
// frames, workers), a user loads the page, fills a whole submission with recognisable
// values, changes answers, enters own CMS metrics and reads the estimate. No request may carry
// any of it, every request goes to the page's own origin for a static file with GET, and
// nothing is sent when the confirmation is cancelled. Only the confirmed submit sends, and
// exactly one POST, to /api/v1/submissions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, startServer, recordRequests, screenshot } from './lib.mjs';
import * as u from './ui_user.mjs';

// Values a leak would carry: unusual enough to find in a URL, header or body.
const SECRET = {
  name: 'Zebrafinch Memorial 7Q3X',
  problem: 'Problem text quokka-4471',
  measure: 'Measure wombat-8812',
  baseline: 913.75,
  post: 402.25,
  psi90: 1.3579,
};

let browser, server, context, page, requests;
const sockets = [];

before(async () => {
  server = await startServer();
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  requests = recordRequests(context);
  context.on('page', (p) => p.on('websocket', (ws) => sockets.push(ws.url())));
  page = await context.newPage();
  page.on('websocket', (ws) => sockets.push(ws.url()));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function leaks(list) {
  const needles = [SECRET.name, SECRET.problem, SECRET.measure, String(SECRET.baseline), String(SECRET.post), String(SECRET.psi90),
    encodeURIComponent(SECRET.name), 'quokka', 'wombat', 'Zebrafinch'];
  return list.filter((r) => {
    const hay = `${r.url}\n${r.postData || ''}\n${JSON.stringify(r.headers)}`;
    return needles.some((n) => hay.includes(n));
  });
}

test('filling, changing and reading the estimate sends nothing', async () => {
  await u.open(page, `${server.origin}/`);
  await u.organization(page, { name: SECRET.name, ccn: '450001', type: 'academic', beds: 612 });
  await u.maturity(page, { emram: 7, oemram: 6, infram: 3 });
  await u.step(page, 'infram');
  for (const domain of ['security', 'dataCenter', 'mobility', 'transport', 'collaboration']) {
    await u.domainTab(page, domain);
    for (const stage of [1, 2]) {
      const det = await u.stageBlock(page, domain, stage);
      await det.locator('.bulk button', { hasText: 'Yes' }).click();
    }
    const ids = await u.criteria(page, domain, 3);
    await u.answer(page, domain, ids[0], 'partial');
    await u.answer(page, domain, ids[1], 'na');
    await u.answer(page, domain, ids[0], 'no'); // changed mind
  }
  await u.caseStudy(page, 'savings', {
    title: 'Supply chain analytics', problem: SECRET.problem, intervention: 'Analytics', governance: 'CFO',
    measures: [{ name: SECRET.measure, kind: 'unique', direction: 'lower', baseline: SECRET.baseline, post: SECRET.post, unit: 'USD', period: 'FY22 vs FY24' }],
    cost: { amount: 120000, currency: 'USD' }, outcomes: 'Less waste', lessons: 'Clean data first',
    perceived: { dataCapture: 2, processes: 5, outcomes: 3 },
  });
  await u.caseStudy(page, 'satisfaction', { title: 'Portal messaging', problem: 'Slow replies' });
  // Change answers again and remove a case study.
  await page.fill(u.field('caseStudies[0].measures[0].post'), '401');
  page.once('dialog', (d) => d.accept());
  await page.locator('fieldset.case[data-path="caseStudies[1]"] button', { hasText: 'Remove this case study' }).click();
  // Own CMS metrics (rated in the browser against cohort.json when the engine has ratings).
  await u.step(page, 'metrics');
  const psi = page.locator('[data-metric="safety.psi_90"]');
  if (await psi.count()) await psi.fill(String(SECRET.psi90));
  await u.settle(page);
  assert.ok(await u.kpi(page, 'Value Score') > 0);
  assert.ok(await u.kpi(page, 'INFRAM stage') >= 2);
  await screenshot(page, 'ui-privacy-filled');

  assert.deepEqual(leaks(requests), [], 'no request carries form data');
  const own = new URL(server.origin).origin;
  const foreign = requests.filter((r) => !r.url.startsWith('data:') && !r.url.startsWith('blob:') && new URL(r.url).origin !== own);
  assert.deepEqual(foreign.map((r) => r.url), [], 'every request goes to the page’s own origin');
  const notGet = requests.filter((r) => r.method !== 'GET');
  assert.deepEqual(notGet.map((r) => `${r.method} ${r.url}`), [], 'only GETs of static files before submitting');
  const api = requests.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
  assert.deepEqual(api.map((r) => r.url), [], 'the API is not called while filling in');
  for (const r of requests) {
    assert.ok(/\.(html|js|css|wasm|json|svg|png|ico)$|\/$/.test(new URL(r.url).pathname), `static file: ${r.url}`);
  }
  assert.deepEqual(sockets, []);
});

test('cancelling the confirmation sends nothing', async () => {
  await u.step(page, 'submit');
  const before = requests.length;
  await page.click('#submit-open');
  assert.ok(await page.isVisible('dialog#confirm-submit'));
  assert.match(await page.textContent('dialog#confirm-submit'), new RegExp(new URL(server.origin).host.replace(/\./g, '\\.')));
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog#confirm-submit', { state: 'hidden' });
  await page.click('#submit-open');
  await page.locator('dialog#confirm-submit button', { hasText: 'Cancel' }).click();
  await page.waitForTimeout(300);
  assert.deepEqual(requests.slice(before).map((r) => `${r.method} ${r.url}`), []);
});

test('the confirmed submit sends exactly one POST and shows the receipt', async () => {
  const before = requests.length;
  await page.click('#submit-open');
  await page.click('#confirm-send');
  await page.waitForSelector('.submit-outcome .receipt, .submit-outcome .notice.error', { timeout: 15000 });
  const sent = requests.slice(before);
  assert.equal(sent.length, 1, sent.map((r) => `${r.method} ${r.url}`).join('\n'));
  assert.equal(sent[0].method, 'POST');
  assert.equal(new URL(sent[0].url).pathname, '/api/v1/submissions');
  assert.equal(new URL(sent[0].url).origin, new URL(server.origin).origin);
  const body = JSON.parse(sent[0].postData);
  assert.equal(body.submission.organization.name, SECRET.name);
  assert.equal(typeof body.estimate.valueScore.total, 'number');
  assert.ok(!JSON.stringify(body).includes(String(SECRET.psi90)), 'own CMS metrics are not part of the submission');
  if (server.kind === 'openvalue') {
    assert.ok(await page.isVisible('.receipt'), await page.textContent('.submit-outcome'));
    assert.match(await page.textContent('#submission-id'), /\S{8,}/);
    assert.match(await page.textContent('#access-token'), /\S{16,}/);
    assert.match(await page.textContent('.receipt'), /Keep this token/);
    assert.match(await page.textContent('.receipt'), /identical/, 'the server agreed with the browser’s estimate');
    // The receipt's signature checks out in the browser (wasm engine) against the server's keys.
    await page.click('#check-signature');
    await page.waitForFunction(() => /Signature|could not/.test(document.querySelector('.sig-check').textContent));
    assert.match(await page.textContent('.sig-check'), /^Signature valid/);
    await screenshot(page, 'ui-privacy-submitted');
  }
});
