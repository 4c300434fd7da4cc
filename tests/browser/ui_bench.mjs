// ui_bench.mjs: how fast the calculator page feels, in headless chromium against `openvalue
// serve` (or the static server when the binary has no serve). Not a test: numbers for
// docs/benchmarks.md ("Web page"). Run: cd tests/browser && node ui_bench.mjs
//
// - cold load → ready: navigation start to html[data-ready] (engine loaded, form built, first
//   estimate drawn), with an empty draft and with the maximal golden submission as the draft;
// - edit → painted: one input event to the second animation frame after it (the page recomputes
//   on the next frame, so two frames ≈ 33 ms at 60 Hz is the floor), for a keystroke in a case
//   study's text (result unchanged) and for a measure's post value (result changes, panel redrawn).
import fs from 'node:fs';
import path from 'node:path';
import { launch, startServer, goldenDir, percentile } from './lib.mjs';

const runs = Number(process.env.RUNS || 5);
const edits = Number(process.env.EDITS || 40);
const maximal = JSON.parse(fs.readFileSync(path.join(goldenDir, 'maximal_submission.in.json'), 'utf8'));
delete maximal.review;

const server = await startServer();
const browser = await launch();
const med = (a) => percentile([...a].sort((x, y) => x - y), 50);
const p95 = (a) => percentile([...a].sort((x, y) => x - y), 95);

async function coldLoad(draft) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (draft) {
      await page.addInitScript((d) => {
        if (!localStorage.getItem('openvalue.draft.v1')) localStorage.setItem('openvalue.draft.v1', JSON.stringify({ format: 'openvalue-draft', version: 1, submission: d }));
      }, draft);
    }
    await page.goto(`${server.origin}/`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 30000 });
    times.push(await page.evaluate(() => {
      const m = (n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
      return { ready: m('openvalue:ready'), engine: m('openvalue:engine-ready'), form: m('openvalue:form-built') - m('openvalue:engine-ready') };
    }));
    await context.close();
  }
  return times;
}

async function editTimes(path, values) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript((d) => localStorage.setItem('openvalue.draft.v1', JSON.stringify({ format: 'openvalue-draft', version: 1, submission: d })), maximal);
  await page.goto(`${server.origin}/`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30000 });
  await page.click('nav.steps button[data-step="cases"]');
  const t = await page.evaluate(async ({ path, values }) => {
    const el = document.querySelector(`[data-path="${path}"]`);
    const out = [];
    for (const v of values) {
      const t0 = performance.now();
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      out.push(performance.now() - t0);
    }
    return out;
  }, { path, values });
  await context.close();
  return t;
}

const empty = await coldLoad(null);
const full = await coldLoad(maximal);
const text = await editTimes('caseStudies[0].problem', Array.from({ length: edits }, (_, i) => 'x'.repeat(i + 1)));
const num = await editTimes('caseStudies[0].measures[0].post', Array.from({ length: edits }, (_, i) => String(10 + i)));
const f = (x) => x.toFixed(1);
console.log(`server: ${server.kind}; ${runs} cold loads each; ${edits} edits each; maximal submission: ${maximal.caseStudies.length} case studies, ${maximal.caseStudies.reduce((n, c) => n + (c.measures || []).length, 0)} measures`);
for (const [name, t] of [['empty draft', empty], ['maximal draft', full]]) {
  const k = (key) => t.map((x) => x[key]);
  console.log(`cold load -> ready, ${name}: p50 ${f(med(k('ready')))} ms (p95 ${f(p95(k('ready')))}); of which engine loaded at p50 ${f(med(k('engine')))} ms, form built in p50 ${f(med(k('form')))} ms`);
}
console.log(`edit -> painted, text (no change):   p50 ${f(med(text))} ms  p95 ${f(p95(text))} ms`);
console.log(`edit -> painted, value (redraw):     p50 ${f(med(num))} ms  p95 ${f(p95(num))} ms`);
await browser.close();
await server.close();
