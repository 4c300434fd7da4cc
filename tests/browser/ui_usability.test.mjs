// Usability: a scripted user fills a submission from scratch through the real page served by
// `openvalue serve` (its CSP applies), watches the INFRAM stage change exactly when the overall
// accomplishment of stage 1 crosses 70%, gets a validation message next to the field the
// engine names, reloads and finds the draft, exports it, starts over and re-imports it.
// Screenshots of the main states are saved in tests/browser/artifacts/ui-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, startServer, screenshot, goldenDir, artifactsDir } from './lib.mjs';
import * as u from './ui_user.mjs';

let browser, server, context, page;
const pageErrors = [];

before(async () => {
  server = await startServer();
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/cohort\.json|404/.test(m.text())) pageErrors.push(m.text()); });
  await u.open(page, `${server.origin}/`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a new visitor sees an empty form and what the estimate needs', async () => {
  assert.equal(await page.inputValue(u.field('organization.name')), '');
  const hint = await page.textContent('#results .problems-box');
  assert.match(hint, /organization’s name/);
  await screenshot(page, 'ui-01-empty');
});

test('filling the organization gives a first estimate', async () => {
  await u.organization(page, { name: 'Mercy General Hospital', ccn: '010033', type: 'acute', beds: 320 });
  await u.settle(page);
  assert.equal(await u.kpi(page, 'INFRAM stage'), 0);
  assert.equal(await u.kpi(page, 'Value Score'), 0);
  await u.maturity(page, { emram: 6, oemram: 5 });
  await u.settle(page);
  assert.ok(await u.kpi(page, 'Value Score') > 0, 'EMRAM and O-EMRAM stages earn baseline points');
});

test('a wrong value is explained next to its field, and the problem list leads there', async () => {
  await u.step(page, 'organization');
  await page.fill(u.field('organization.ccn'), '12');
  await page.locator(u.field('organization.ccn')).blur();
  await u.settle(page);
  const msg = await page.textContent('.error[data-error-for="organization.ccn"]');
  assert.match(msg, /\S/, 'the engine names organization.ccn and the page shows why beside the input');
  assert.equal(await page.getAttribute(u.field('organization.ccn'), 'aria-invalid'), 'true');
  const describedBy = await page.getAttribute(u.field('organization.ccn'), 'aria-describedby');
  const errId = await page.getAttribute('.error[data-error-for="organization.ccn"]', 'id');
  assert.ok(describedBy.split(' ').includes(errId), 'the message is announced with the field');
  await screenshot(page, 'ui-02-validation');
  // From another step, the problem in the panel brings the user back to the field.
  await u.step(page, 'maturity');
  await page.locator('#results .problems button', { hasText: 'organization.ccn' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), 'organization.ccn');
  await page.fill(u.field('organization.ccn'), '010033');
  await u.settle(page);
  assert.equal(await page.textContent('.error[data-error-for="organization.ccn"]'), '');
});

test('the INFRAM stage changes exactly when stage 1 crosses 70%', async () => {
  await u.step(page, 'infram');
  const trace = [];
  let crossed = null;
  for (const domain of ['security', 'dataCenter', 'mobility', 'transport', 'collaboration']) {
    await u.domainTab(page, domain);
    for (const id of await u.criteria(page, domain, 1)) {
      await u.answer(page, domain, id, 'yes');
      await u.settle(page);
      const pct = await u.overallStagePercent(page, 1);
      const stage = await u.kpi(page, 'INFRAM stage');
      trace.push({ id, pct, stage });
      if (stage >= 1 && crossed === null) {
        crossed = trace.length - 1;
        assert.ok(await page.locator('.kpi[data-kpi="INFRAM stage"].changed').count() === 1, 'the stage tile signals the change');
        await screenshot(page, 'ui-03-stage-1-reached');
      }
    }
  }
  assert.ok(crossed !== null, `stage 1 never reached: ${JSON.stringify(trace)}`);
  assert.ok(crossed > 0, 'the first answer alone cannot reach 70% of five domains');
  for (const [i, t] of trace.entries()) {
    if (i < crossed) {
      assert.ok(t.pct < 70 && t.stage === 0, `before crossing: ${JSON.stringify(t)}`);
    } else {
      assert.ok(t.pct >= 70 && t.stage >= 1, `after crossing: ${JSON.stringify(t)}`);
    }
  }
  assert.match(await u.stageSummary(page, 'collaboration', 1), /achieved/);
  assert.match(await page.textContent('button[role="tab"][data-domain="security"]'), /stage 1/);
  // The roadmap's first open criterion leads to its question.
  await u.step(page, 'organization');
  const first = page.locator('#results .roadmap .criterion-link').first();
  const text = await first.textContent();
  await first.click();
  assert.ok(await page.isVisible('#step-infram'));
  const focused = await page.evaluate(() => document.activeElement.closest('fieldset.criterion')?.querySelector('legend')?.textContent || '');
  assert.ok(focused.includes(text), `focus on "${focused}" for roadmap item "${text}"`);
});

test('keyboard: the domain tabs follow the arrow keys', async () => {
  await page.click('button[role="tab"][data-domain="security"]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.domain), 'dataCenter');
  assert.equal(await page.getAttribute('button[role="tab"][data-domain="dataCenter"]', 'aria-selected'), 'true');
  assert.ok(await page.isVisible('.domain-panel[data-domain="dataCenter"]'));
  assert.ok(!(await page.isVisible('.domain-panel[data-domain="security"]')));
});

test('a case study with a measured improvement raises the Value Score', async () => {
  const before = await u.kpi(page, 'Value Score');
  await u.caseStudy(page, 'treatment', {
    title: 'Sepsis early warning',
    problem: 'Sepsis was recognised late on the wards.',
    intervention: 'An EHR early-warning score with a nurse-driven bundle.',
    governance: 'Chief nursing officer and the sepsis committee, monthly review.',
    measures: [{ name: 'Sepsis mortality', kind: 'expected', direction: 'lower', baseline: 18.2, post: 12.5, unit: '%', period: '2022 vs 2024' }],
    cost: { amount: 250000, currency: 'USD' },
    outcomes: 'Faster antibiotics; staff confidence.',
    lessons: 'Start with one ward.',
    perceived: { dataCapture: 3, processes: 4, outcomes: 4 },
  });
  await u.settle(page);
  const after = await u.kpi(page, 'Value Score');
  assert.ok(after > before, `Value Score ${before} -> ${after}`);
  const pillar = await page.textContent('#results details.pillar[data-pillar="treatment"] summary');
  assert.match(pillar, /Treatment: [1-9]/);
  await page.locator('#results details.pillar[data-pillar="treatment"] summary').click();
  await screenshot(page, 'ui-04-case-study');
});

test('own CMS metrics are rated against the cohort in the browser', async (t) => {
  await u.step(page, 'metrics');
  const hasRatings = await page.evaluate(async () => (await import('./engine.js')).load().then((e) => e.has('rateHospital')));
  if (!hasRatings) { t.skip('this engine build has no rateHospital'); return; }
  await page.waitForSelector('[data-metric="safety.psi_90"]', { timeout: 15000 });
  for (const [k, v] of [['safety.psi_90', '0.95'], ['safety.sep_1', '61'], ['safety.clabsi', '0.4'], ['safety.cauti', '0.7']]) {
    await page.fill(`[data-metric="${k}"]`, v);
  }
  await u.settle(page);
  const head = await page.textContent('.res-ratings .rating-domain[data-domain="safety"] h4');
  const m = /Safety: ([\d.]+) \/ 100/.exec(head);
  assert.ok(m, head);
  assert.ok(Number(m[1]) >= 0 && Number(m[1]) <= 100);
  assert.match(await page.textContent('.res-ratings .rating-domain[data-domain="cost"] h4'), /not rated/, 'one domain with no metrics is not rated');
  // A value the engine refuses is named next to its input.
  await page.fill('[data-metric="safety.sep_1"]', '-5');
  await u.settle(page);
  assert.match(await page.textContent('[data-metric-error="safety.sep_1"]'), /\S/);
  await page.fill('[data-metric="safety.sep_1"]', '61');
  await u.settle(page);
  assert.equal(await page.textContent('[data-metric-error="safety.sep_1"]'), '');
  await page.locator('.res-ratings').scrollIntoViewIfNeeded();
  await screenshot(page, 'ui-04b-ratings');
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.locator('.res-ratings').screenshot({ path: path.join(artifactsDir, 'ui-04c-ratings-panel.png') });
});

let saved = null;
test('the draft survives a reload', async () => {
  await page.waitForFunction(() => /saved in this browser/i.test(document.getElementById('draft-status').textContent));
  saved = await u.storedDraft(page);
  assert.equal(saved.submission.organization.name, 'Mercy General Hospital');
  const score = await u.kpi(page, 'Value Score');
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.match(await page.textContent('#draft-status'), /restored/i);
  assert.equal(await u.kpi(page, 'Value Score'), score);
  assert.equal(await u.kpi(page, 'INFRAM stage'), 1);
  await u.step(page, 'organization');
  assert.equal(await page.inputValue(u.field('organization.name')), 'Mercy General Hospital');
  await u.step(page, 'cases');
  assert.equal(await page.inputValue(u.field('caseStudies[0].measures[0].baseline')), '18.2');
});

test('export, start over, import: the same submission and the same estimate', async () => {
  const score = await u.kpi(page, 'Value Score');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-draft')]);
  assert.match(download.suggestedFilename(), /^openvalue-mercy-general-hospital-\d{4}-\d\d-\d\d\.json$/);
  const file = await download.path();
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(exported.submission, (await u.storedDraft(page)).submission);

  page.once('dialog', (d) => d.accept());
  await page.click('#new-draft');
  await u.settle(page);
  await u.step(page, 'organization');
  assert.equal(await page.inputValue(u.field('organization.name')), '');
  assert.equal((await u.storedDraft(page)).submission.organization.name, '');

  await page.setInputFiles('#import-file', file);
  await page.waitForFunction(() => /Loaded from/.test(document.getElementById('draft-status').textContent));
  await u.settle(page);
  assert.equal(await u.kpi(page, 'Value Score'), score);
  assert.deepEqual((await u.storedDraft(page)).submission, exported.submission);
  await screenshot(page, 'ui-05-imported');
});

test('importing a file that is not a draft says so and keeps the current draft', async () => {
  const bad = `${fs.mkdtempSync('/tmp/ui-bad-')}/bad.json`;
  fs.writeFileSync(bad, '{"organization": ');
  const before = (await u.storedDraft(page)).submission;
  await page.setInputFiles('#import-file', bad);
  await page.waitForFunction(() => /Could not import/.test(document.getElementById('draft-status').textContent));
  assert.deepEqual((await u.storedDraft(page)).submission, before);
});

test('small screens and print get their own layout', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await u.step(page, 'infram');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
  await screenshot(page, 'ui-06-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#toolbar'), false, 'no controls on paper');
  assert.equal(await page.isVisible('#step-cases'), true, 'every step is printed');
  await screenshot(page, 'ui-07-print');
  await page.emulateMedia({ media: 'screen' });
});

test('an imported document with wrong values: each problem is shown at its field', async () => {
  const file = path.join(goldenDir, 'invalid_types.in.json');
  const expected = JSON.parse(fs.readFileSync(path.join(goldenDir, 'invalid_types.out.json'), 'utf8')).error.fields;
  await page.setInputFiles('#import-file', file);
  await page.waitForFunction(() => /Loaded from invalid_types\.in\.json \(its reviewer decisions were left out\)/.test(document.getElementById('draft-status').textContent));
  await u.settle(page);
  const shown = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.error[data-error-for]')]
    .filter((e) => e.textContent).map((e) => [e.dataset.errorFor, e.textContent])));
  const norm = (p) => p.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  for (const f of expected.filter((x) => x.path !== 'review')) {
    const at = Object.keys(shown).find((k) => norm(f.path) === k || norm(f.path).startsWith(`${k}.`) || norm(f.path).startsWith(`${k}[`));
    assert.ok(at, `${f.path} (${f.reason}) is not shown beside any field; shown: ${JSON.stringify(shown)}`);
    assert.ok(shown[at].includes(f.reason), `${f.path}: ${shown[at]} should say ${f.reason}`);
  }
  const listed = await page.locator('#results .problems li').count();
  assert.equal(listed, expected.length - 1, 'the panel lists every problem too');
  await u.step(page, 'cases');
  await screenshot(page, 'ui-08-imported-invalid');
  // Values no control edits (measures that are not a list, a domain that is not an object) can be removed from the panel.
  for (const p of ['caseStudies[0].measures', 'infram.mobility']) {
    const li = page.locator('#results .problems li', { hasText: p });
    await li.locator('button.remove-value').click();
    await u.settle(page);
    assert.equal(await page.locator('#results .problems li', { hasText: `${p}:` }).count(), 0, `${p} removed`);
  }
});

test('every control has a label, every group a legend, every chart a text alternative', async () => {
  const problems = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('input, select, textarea, button')) {
      if (el.type === 'file' && el.getAttribute('aria-hidden') === 'true') continue; // reached through its button
      let name = el.getAttribute('aria-label') || (el.labels && [...el.labels].map((l) => l.textContent).join(' ')) || '';
      if (!name && el.getAttribute('aria-labelledby')) name = el.getAttribute('aria-labelledby').split(' ').map((i) => document.getElementById(i)?.textContent || '').join(' ');
      if (!name && el.tagName === 'BUTTON') name = el.textContent;
      if (!name.trim()) out.push(`${el.tagName} ${el.dataset.path || el.id || el.name || el.outerHTML.slice(0, 80)}`);
      if (el.type === 'radio' && !el.closest('fieldset')?.querySelector('legend')) out.push(`radio ${el.name} outside a fieldset with a legend`);
    }
    for (const f of document.querySelectorAll('fieldset')) if (!f.querySelector(':scope > legend')) out.push(`fieldset without legend ${f.dataset.path || ''}`);
    for (const svg of document.querySelectorAll('svg.chart')) if (svg.getAttribute('role') !== 'img' || !svg.getAttribute('aria-label')) out.push('chart without text alternative');
    if (!document.querySelector('[role="status"][aria-live="polite"]')) out.push('no live region announces the estimate');
    return out;
  });
  assert.deepEqual(problems, []);
});

test('no script errors on the page', () => {
  assert.deepEqual(pageErrors, []);
});
