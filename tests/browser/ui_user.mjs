// ui_user.mjs: a scripted user of the calculator page, shared by the ui_*.test.mjs files. It
// only does what a person can do — type, pick, click labels, press keys — through accessible
// names and the form's data-path attributes, and reads what the page shows.

export const field = (path) => `[data-path="${path}"]`;

/** open loads the calculator (index.html or embed.html) and waits until the engine is ready. */
export async function open(page, url) {
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20000 });
}

/** step opens a step of the form through its navigation button. */
export async function step(page, key) {
  await page.click(`nav.steps button[data-step="${key}"]`);
  await page.waitForSelector(`#step-${key}:not([hidden])`);
}

/** kpi reads a number from the result panel's summary (e.g. "INFRAM stage", "Value Score"). */
export async function kpi(page, name) {
  const t = await page.textContent(`.kpi[data-kpi="${name}"] .v`);
  return Number(String(t).split('/')[0].trim().replace(/,/g, ''));
}

/** settle waits two animation frames: the page recomputes on the next frame after an edit. */
export async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function organization(page, { name, ccn, type, beds }) {
  await step(page, 'organization');
  await page.fill(field('organization.name'), name);
  if (ccn !== undefined) await page.fill(field('organization.ccn'), ccn);
  if (type !== undefined) await page.selectOption(field('organization.type'), type);
  if (beds !== undefined) await page.fill(field('organization.beds'), String(beds));
}

export async function maturity(page, { emram, oemram, infram }) {
  await step(page, 'maturity');
  if (emram !== undefined) await page.selectOption(field('maturity.emram'), String(emram));
  if (oemram !== undefined) await page.selectOption(field('maturity.oemram'), String(oemram));
  if (infram !== undefined) await page.selectOption(field('maturity.infram'), String(infram));
}

const ANSWER_LABEL = { yes: 'Yes', partial: 'Partial', no: 'No', na: 'N/A' };

/** domainTab opens one INFRAM domain's tab. */
export async function domainTab(page, domain) {
  await page.click(`button[role="tab"][data-domain="${domain}"]`);
}

/** stageBlock opens (and returns) a stage's <details> within the visible domain panel. */
export async function stageBlock(page, domain, stage) {
  const det = page.locator(`.domain-panel[data-domain="${domain}"] details.stage-block`).nth(stage - 1);
  if (!(await det.evaluate((d) => d.open))) await det.locator('summary').click();
  return det;
}

/** answer clicks one answer of one criterion (the INFRAM step and domain tab must be open). */
export async function answer(page, domain, id, value) {
  await page.locator(`fieldset${field(`infram.${domain}.${id}`)} label`, { hasText: ANSWER_LABEL[value] }).first().click();
}

/** criteria lists the criterion ids of a domain's stage as the page shows them. */
export async function criteria(page, domain, stage) {
  const det = await stageBlock(page, domain, stage);
  return det.locator('fieldset.criterion').evaluateAll((fs) => fs.map((f) => f.dataset.path.split('.').pop()));
}

/** stageSummary reads "NN% accomplished…" of a domain's stage. */
export async function stageSummary(page, domain, stage) {
  return page.textContent(`[data-stage-pct="${domain}:${stage}"]`);
}

/** overallStagePercent reads the overall accomplishment of a stage from the result table. */
export async function overallStagePercent(page, stage) {
  const cell = page.locator('.res-infram table tbody tr').first().locator('td').nth(stage - 1);
  return parseFloat(await cell.textContent());
}

/** caseStudy adds a case study to a pillar and fills it like the Davies template asks. */
export async function caseStudy(page, pillar, cs) {
  await step(page, 'cases');
  await page.click(`button[data-add-case="${pillar}"]`);
  const i = await page.evaluate(() => document.querySelectorAll('fieldset.case').length - 1);
  const base = `caseStudies[${i}]`;
  // The new case study's title has focus: type as a user would.
  await page.keyboard.type(cs.title);
  for (const k of ['problem', 'intervention', 'governance', 'outcomes', 'lessons']) {
    if (cs[k]) await page.fill(field(`${base}.${k}`), cs[k]);
  }
  for (const [j, m] of (cs.measures || []).entries()) {
    await page.locator(`fieldset.case${field(base)} button`, { hasText: '+ Add a measure' }).click();
    const mb = `${base}.measures[${j}]`;
    await page.fill(field(`${mb}.name`), m.name);
    if (m.kind) await page.selectOption(field(`${mb}.kind`), m.kind);
    if (m.direction) await page.selectOption(field(`${mb}.direction`), m.direction);
    if (m.baseline !== undefined) await page.fill(field(`${mb}.baseline`), String(m.baseline));
    if (m.post !== undefined) await page.fill(field(`${mb}.post`), String(m.post));
    if (m.unit) await page.fill(field(`${mb}.unit`), m.unit);
    if (m.period) await page.fill(field(`${mb}.period`), m.period);
  }
  if (cs.cost) {
    await page.fill(field(`${base}.cost.amount`), String(cs.cost.amount));
    await page.fill(field(`${base}.cost.currency`), cs.cost.currency);
  }
  for (const [k, v] of Object.entries(cs.perceived || {})) await page.selectOption(field(`${base}.perceived.${k}`), String(v));
  return i;
}

/** draft reads the draft this browser stored. */
export async function storedDraft(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('openvalue.draft.v1') || 'null'));
}
