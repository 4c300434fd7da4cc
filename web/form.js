// form.js: the multi-step form for the whole submission document. Every control carries
// data-path, the JSON path of the value it edits in the submission (the same path the core
// names in its error document), and every edit goes through one delegated listener that writes
// the document and tells the app. The INFRAM questionnaire is generated from the criteria
// catalog the engine exposes; no criterion is written here.

import { h, id, replace, title } from './dom.js';
import * as P from './paths.js';
import { ORG_TYPES, PILLARS, DOMAINS, ANSWERS, PERCEIVED, label } from './labels.js';

// [key, heading, short name for the step navigation]
export const STEPS = [
  ['organization', 'Organization', 'Organization'],
  ['maturity', 'Maturity stages', 'Maturity'],
  ['infram', 'INFRAM questionnaire', 'INFRAM'],
  ['cases', 'Case studies', 'Case studies'],
  ['metrics', 'Your CMS metrics (optional)', 'CMS metrics'],
  ['submit', 'Review & submit', 'Submit'],
];

/**
 * normalizeCatalog accepts the engine's catalog document and returns
 * [{key, name, stages: [{stage, criteria: [{id, text, weight}]}]}] in catalog order.
 * It accepts domains as an array or an object, and criteria grouped by stage or flat with a
 * stage field, so a reshuffle of the catalog's JSON does not break the questionnaire.
 */
export function normalizeCatalog(raw) {
  if (!raw || typeof raw !== 'object') return null;
  let domains = raw.domains || raw.Domains;
  if (!domains) return null;
  if (!Array.isArray(domains)) domains = Object.entries(domains).map(([key, d]) => ({ key, ...d }));
  const out = domains.map((d) => {
    const key = d.key || d.domain || d.id;
    const byStage = new Map();
    const add = (stage, c) => {
      if (!byStage.has(stage)) byStage.set(stage, []);
      byStage.get(stage).push({ id: c.id, text: c.text || c.criterion || c.id, weight: c.weight, source: c.source });
    };
    const themes = new Map();
    if (Array.isArray(d.stages)) {
      for (const st of d.stages) {
        if (st.theme) themes.set(st.stage, st.theme);
        for (const c of st.criteria || []) add(st.stage, c);
      }
    }
    for (const c of d.criteria || []) add(c.stage, c);
    const stages = [...byStage.keys()].sort((a, b) => a - b).map((stage) => ({ stage, theme: themes.get(stage) || '', criteria: byStage.get(stage) }));
    return { key, name: d.name || label(DOMAINS, key), stages };
  }).filter((d) => d.key && d.stages.length);
  return out.length ? out : null;
}

/** Form renders and edits the submission document `doc` (mutated in place). */
export class Form {
  /**
   * @param {HTMLFormElement} root
   * @param {{catalog: ReturnType<typeof normalizeCatalog>, onEdit: (path: string) => void,
   *          onStep: (step: string) => void, metrics?: {render: (el: HTMLElement) => void}}} opts
   */
  constructor(root, opts) {
    this.root = root;
    this.opts = opts;
    this.doc = {};
    this.step = 'organization';
    this.domain = opts.catalog ? opts.catalog[0].key : null;
    this.touched = new Set();
    this.showAll = false;
    this.errors = [];
    root.addEventListener('input', (e) => this.#edit(e.target, false));
    root.addEventListener('change', (e) => this.#edit(e.target, true));
    root.addEventListener('focusout', (e) => {
      const p = e.target.dataset && e.target.dataset.path;
      if (p && !this.touched.has(P.normalize(p))) { this.touched.add(P.normalize(p)); this.opts.onTouch?.(); }
    });
    root.addEventListener('submit', (e) => e.preventDefault());
  }

  /** load replaces the document and rebuilds every step. */
  load(doc, { step, touchedAll = false } = {}) {
    this.doc = doc;
    if (!this.doc.organization) this.doc.organization = { name: '' };
    if (!this.doc.maturity) this.doc.maturity = {};
    if (!this.doc.infram) this.doc.infram = {};
    this.touched = new Set();
    this.showAll = touchedAll;
    this.#build();
    this.goto(step && STEPS.some((s) => s[0] === step) ? step : 'organization', { focus: false });
  }

  #build() {
    this.nav = h('nav', { class: 'steps', 'aria-label': 'Form steps' }, h('ol', {}, STEPS.map(([key, name, short]) =>
      h('li', {}, h('button', { type: 'button', dataset: { step: key }, 'aria-label': name, on: { click: () => this.goto(key) } }, short,
        h('span', { class: 'count', dataset: { countFor: key } }))))));
    this.sections = {};
    for (const [key, name] of STEPS) {
      const sec = h('section', { class: 'step card', id: `step-${key}`, 'aria-labelledby': `step-${key}-h`, dataset: { step: key } },
        h('h2', { id: `step-${key}-h`, tabindex: '-1' }, name));
      this.sections[key] = sec;
    }
    this.#buildOrganization(this.sections.organization);
    this.#buildMaturity(this.sections.maturity);
    this.#buildInfram(this.sections.infram);
    this.casesBody = h('div', { class: 'cases-body' });
    this.sections.cases.append(
      h('p', { class: 'intro' }, 'Each case study follows the Davies award template. Completeness counts: every answered question earns points, and measured improvements (baseline and post values) are what turn perceived value into recognized and innovative value.'),
      h('p', { class: 'error', dataset: { errorFor: 'caseStudies' } }),
      this.casesBody);
    this.#buildCases();
    this.metricsBody = h('div', { class: 'metrics-body' });
    this.sections.metrics.append(this.metricsBody);
    if (this.opts.metrics) this.opts.metrics.render(this.metricsBody);
    this.submitBody = h('div', { class: 'submit-body' });
    this.sections.submit.append(this.submitBody);
    for (const [key] of STEPS) {
      const i = STEPS.findIndex((s) => s[0] === key);
      const prev = STEPS[i - 1];
      const next = STEPS[i + 1];
      this.sections[key].append(h('div', { class: 'nav-buttons' },
        prev ? h('button', { type: 'button', on: { click: () => this.goto(prev[0]) } }, `← ${prev[2]}`) : h('span'),
        next ? h('button', { type: 'button', class: 'primary', dataset: { next: next[0] }, on: { click: () => this.goto(next[0]) } }, `Next: ${next[2]} →`) : h('span')));
    }
    replace(this.root, this.nav, Object.values(this.sections));
  }

  /** goto shows one step and moves focus to its heading (keyboard and screen-reader users land there). */
  goto(step, { focus = true } = {}) {
    this.step = step;
    for (const [key, sec] of Object.entries(this.sections)) sec.hidden = key !== step;
    for (const b of this.nav.querySelectorAll('button')) {
      if (b.dataset.step === step) b.setAttribute('aria-current', 'step'); else b.removeAttribute('aria-current');
    }
    if (focus) this.sections[step].querySelector('h2').focus();
    this.opts.onStep(step);
  }

  // ---------- controls ----------

  #field(path, labelText, control, hint) {
    const cid = id('f');
    const hid = hint ? `${cid}-hint` : null;
    const eid = `${cid}-err`;
    control.id = cid;
    control.dataset.path = path;
    control.setAttribute('aria-describedby', [hid, eid].filter(Boolean).join(' '));
    this.#fill(control, P.get(this.doc, path));
    return h('div', { class: 'field' },
      h('label', { for: cid }, labelText),
      hint ? h('span', { class: 'hint', id: hid }, hint) : null,
      control,
      h('span', { class: 'error', id: eid, 'aria-live': 'off', dataset: { errorFor: P.normalize(path) } }));
  }

  #text(path, labelText, { hint, required, max = 200, area = false, placeholder } = {}) {
    const c = area ? h('textarea', { maxlength: 8000, rows: 3, placeholder }) : h('input', { type: 'text', maxlength: max, placeholder, autocomplete: 'off' });
    c.dataset.kind = 'text';
    if (required) c.setAttribute('aria-required', 'true');
    return this.#field(path, labelText, c, hint);
  }

  #number(path, labelText, { hint, int = false, min, max, step } = {}) {
    const c = h('input', { type: 'text', inputmode: int ? 'numeric' : 'decimal', autocomplete: 'off', min, max, step });
    c.dataset.kind = int ? 'int' : 'number';
    return this.#field(path, labelText, c, hint);
  }

  #select(path, labelText, options, { hint, empty = '— not reported —', kind = 'text' } = {}) {
    const c = h('select', {}, empty !== null ? h('option', { value: '' }, empty) : null,
      options.map(([v, t]) => h('option', { value: String(v) }, t)));
    c.dataset.kind = kind;
    return this.#field(path, labelText, c, hint);
  }

  #fill(control, value) {
    if (control.type === 'radio') { control.checked = control.value === value; return; }
    control.value = value === undefined || value === null ? '' : String(value);
  }

  /** #edit writes one control's value into the document. */
  #edit(el, committed) {
    const path = el.dataset && el.dataset.path;
    if (!path) return;
    if (el.type === 'radio' && !el.checked) return;
    if (committed) this.touched.add(P.normalize(path));
    const raw = el.value;
    let value;
    switch (el.dataset.kind) {
      case 'int': case 'number': {
        const t = raw.trim().replace(/,/g, '');
        if (t === '') value = undefined;
        else {
          const n = Number(t);
          // A non-number is kept as the typed text so the core names the field and the reason.
          value = Number.isFinite(n) ? n : t;
        }
        break;
      }
      case 'stage': value = raw === '' ? undefined : Number(raw); break;
      default: value = raw === '' && !el.dataset.keepEmpty ? undefined : raw;
    }
    if (el.dataset.special === 'cost') this.#setCost(path, el, value);
    else if (el.dataset.special === 'perceived') this.#setPerceived(path, value);
    else P.set(this.doc, path, value);
    if (el.dataset.rerender === 'cases' && committed) this.#buildCases(P.normalize(path));
    this.opts.onEdit(P.normalize(path));
  }

  #setCost(path, el, value) {
    const base = path.replace(/\.cost\.(amount|currency)$/, '.cost');
    const field = path.endsWith('amount') ? 'amount' : 'currency';
    const box = el.closest('.cost');
    const amountEl = box.querySelector('[data-path$=".amount"]');
    const curEl = box.querySelector('[data-path$=".currency"]');
    if (amountEl.value.trim() === '') { P.set(this.doc, base, undefined); return; }
    const cost = P.get(this.doc, base) || {};
    if (field === 'amount') cost.amount = value;
    cost.currency = curEl.value.trim() || 'USD';
    if (field === 'amount' && cost.amount === undefined) { P.set(this.doc, base, undefined); return; }
    P.set(this.doc, base, cost);
  }

  #setPerceived(path, value) {
    const base = path.replace(/\.[^.]+$/, '');
    const key = path.slice(base.length + 1);
    const cur = { ...(P.get(this.doc, base) || {}) };
    if (value === undefined) delete cur[key]; else cur[key] = Number(value);
    if (!Object.keys(cur).length) { P.set(this.doc, base, undefined); return; }
    // The core needs all three ratings once one is given: the others default to 0 (none),
    // and the form shows that so nothing is hidden from the user.
    for (const [k] of PERCEIVED) {
      if (cur[k] === undefined) {
        cur[k] = 0;
        const el = this.root.querySelector(`[data-path="${base}.${k}"]`);
        if (el) el.value = '0';
      }
    }
    P.set(this.doc, base, cur);
  }

  // ---------- steps ----------

  #buildOrganization(sec) {
    sec.append(
      h('p', { class: 'intro' }, 'Who is submitting. Only the name is required; the CMS Certification Number (CCN) lets a reviewer match your public CMS data.'),
      h('p', { class: 'error', dataset: { errorFor: 'organization' } }),
      h('fieldset', {}, h('legend', {}, 'Organization profile'),
        h('div', { class: 'grid' },
          h('div', { class: 'wide' }, this.#text('organization.name', 'Organization name (required)', { required: true })),
          this.#text('organization.ccn', 'CMS Certification Number (optional)', { hint: '6 characters, e.g. 010033', max: 6 }),
          this.#select('organization.type', 'Type', ORG_TYPES, { empty: '— choose —' }),
          this.#number('organization.beds', 'Staffed beds', { int: true, hint: '0–10,000' }))));
  }

  #buildMaturity(sec) {
    const stages = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => [n, `Stage ${n}`]);
    sec.append(
      h('p', { class: 'intro' }, 'Your HIMSS maturity stages as currently validated. Completeness counts: a stage you do not report earns no baseline points. If you answer the INFRAM questionnaire (next step), its computed stage is used instead of the declared one.'),
      h('p', { class: 'error', dataset: { errorFor: 'maturity' } }),
      h('fieldset', {}, h('legend', {}, 'Maturity models'),
        h('div', { class: 'grid' },
          this.#select('maturity.emram', 'EMRAM stage (acute care EMR adoption)', stages, { kind: 'stage' }),
          this.#select('maturity.oemram', 'O-EMRAM stage (outpatient EMR adoption)', stages, { kind: 'stage' }),
          this.#select('maturity.infram', 'INFRAM stage, if already assessed (optional)', stages, { kind: 'stage' }))));
  }

  #buildInfram(sec) {
    const cat = this.opts.catalog;
    sec.append(h('p', { class: 'intro' }, 'Infrastructure maturity in five domains. A stage is achieved when at least 70% of its weighted criteria are accomplished — for that stage and every stage before it. Yes earns full credit, partial half, no none; N/A removes a criterion from the stage. Unanswered counts as no.'));
    if (!cat) {
      sec.append(h('p', { class: 'notice error', role: 'alert' }, 'This engine build does not provide the INFRAM criteria catalog, so the questionnaire cannot be shown.'));
      return;
    }
    const tabs = h('div', { class: 'domain-tabs', role: 'tablist', 'aria-label': 'INFRAM domains' });
    const panels = [];
    this.domainTabs = {};
    this.stageSummaries = {};
    for (const d of cat) {
      const tabId = `tab-${d.key}`;
      const panelId = `panel-${d.key}`;
      const tab = h('button', { type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, dataset: { domain: d.key },
        on: { click: () => this.#selectDomain(d.key), keydown: (e) => this.#tabKeys(e, cat) } }, d.name);
      this.domainTabs[d.key] = tab;
      tabs.append(tab);
      const panel = h('div', { class: 'domain-panel', role: 'tabpanel', id: panelId, 'aria-labelledby': tabId, dataset: { domain: d.key } },
        h('h3', { class: 'print-only' }, `${d.name} domain`),
        h('p', { class: 'error', role: 'alert', dataset: { errorFor: `infram.${d.key}` } }));
      for (const st of d.stages) panel.append(this.#stageBlock(d, st));
      panels.push(panel);
    }
    this.domainPanels = panels;
    sec.append(h('p', { class: 'error', dataset: { errorFor: 'infram' } }), tabs, ...panels);
    this.#selectDomain(this.domain || cat[0].key, false);
  }

  #tabKeys(e, cat) {
    const i = cat.findIndex((d) => d.key === (e.currentTarget.dataset.domain || this.domain));
    let j = null;
    if (e.key === 'ArrowRight') j = (i + 1) % cat.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + cat.length) % cat.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = cat.length - 1;
    if (j === null) return;
    e.preventDefault();
    this.#selectDomain(cat[j].key);
  }

  #selectDomain(key, focus = true) {
    this.domain = key;
    for (const [k, tab] of Object.entries(this.domainTabs)) {
      tab.setAttribute('aria-selected', String(k === key));
      tab.tabIndex = k === key ? 0 : -1;
    }
    for (const p of this.domainPanels) p.hidden = p.dataset.domain !== key;
    if (focus) this.domainTabs[key].focus();
  }

  #stageBlock(d, st) {
    const pct = h('span', { class: 'pct', dataset: { stagePct: `${d.key}:${st.stage}` } }, `${st.criteria.length} criteria`);
    this.stageSummaries[`${d.key}:${st.stage}`] = pct;
    const body = h('div', { class: 'stage-body' });
    const bulk = h('div', { class: 'bulk' }, h('span', {}, 'Set every criterion of this stage to:'),
      ANSWERS.map(([v, t]) => h('button', { type: 'button', on: { click: () => this.#bulk(d, st, v) } }, t)),
      h('button', { type: 'button', class: 'link', on: { click: () => this.#bulk(d, st, undefined) } }, 'clear'));
    body.append(bulk);
    for (const c of st.criteria) body.append(this.#criterion(d, c));
    const det = h('details', { class: 'stage-block', open: st.stage === 1 },
      h('summary', {}, h('span', {}, `Stage ${st.stage}`), st.theme ? h('span', { class: 'theme' }, st.theme) : null, pct), body);
    return det;
  }

  #criterion(d, c) {
    const path = `infram.${d.key}.${c.id}`;
    const current = P.get(this.doc, path);
    const lid = id('crit');
    const eid = `${lid}-err`;
    const fs = h('fieldset', { class: 'criterion', dataset: { path, group: 'answer' }, 'aria-describedby': eid },
      h('legend', { id: lid }, h('span', { class: 'cid' }, c.id), c.text,
        typeof c.weight === 'number' ? h('span', { class: 'w', title: 'weight' }, `· weight ${c.weight}`) : null),
      h('div', { class: 'seg' }, ANSWERS.map(([v, t]) => h('label', {},
        h('input', { type: 'radio', name: path, value: v, checked: current === v, dataset: { path, kind: 'text' } }),
        h('span', {}, t)))),
      h('span', { class: 'error', id: eid, dataset: { errorFor: path } }));
    return fs;
  }

  #bulk(d, st, value) {
    for (const c of st.criteria) {
      const path = `infram.${d.key}.${c.id}`;
      P.set(this.doc, path, value);
      this.touched.add(path);
      for (const r of this.root.querySelectorAll(`input[type="radio"][name="${path}"]`)) r.checked = r.value === value;
    }
    this.opts.onEdit(`infram.${d.key}`);
  }

  /** updateInfram shows the engine's accomplishment per domain stage in each stage's summary. */
  updateInfram(result) {
    this.lastResult = result;
    // Progress in the step navigation: answered criteria, case studies.
    const set = (key, text, label) => {
      const el = this.nav.querySelector(`[data-count-for="${key}"]`);
      if (el && el.textContent !== text) { el.textContent = text; el.title = label; }
    };
    set('infram', `${result.infram.answered}/${result.infram.criteria}`, `${result.infram.answered} of ${result.infram.criteria} criteria answered`);
    const n = result.valueScore.caseStudies.length;
    set('cases', n ? String(n) : '', `${n} case ${n === 1 ? 'study' : 'studies'}`);
    this.updateCases(result);
    if (!this.stageSummaries || !result || !result.infram) return;
    for (const dom of result.infram.domains || []) {
      const tab = this.domainTabs[dom.domain];
      const tabText = `${dom.name || label(DOMAINS, dom.domain)} · stage ${dom.stage}`;
      if (tab && tab.textContent !== tabText) tab.textContent = tabText;
      for (const st of dom.stages || []) {
        const el = this.stageSummaries[`${dom.domain}:${st.stage}`];
        if (!el) continue;
        const text = st.possible > 0 ? `${st.percent}% accomplished${st.achieved ? ' · achieved' : st.met ? ' · met (an earlier stage is not)' : ''}` : 'no applicable criteria';
        if (el.textContent !== text) el.textContent = text;
        el.classList.toggle('pass', !!st.achieved);
      }
    }
  }

  /** updateCases shows, in each case study, how complete and strong the engine finds it and
   * which answers would strengthen it. */
  updateCases(result) {
    const byId = new Map(((result && result.valueScore && result.valueScore.caseStudies) || []).map((c) => [c.id, c]));
    for (const fs of this.root.querySelectorAll('fieldset.case')) {
      const box = fs.querySelector(':scope > .case-feedback');
      const c = byId.get(fs.dataset.caseId);
      if (!box) continue;
      if (!c) { if (box.firstChild) box.replaceChildren(); continue; }
      const key = JSON.stringify(c);
      if (box.dataset.key === key) continue;
      box.dataset.key = key;
      replace(box,
        h('p', {}, h('strong', {}, `${c.completeness}% complete · ${c.strength}`),
          ` · perceived ${c.perceived}, recognized ${c.recognized}, innovative ${c.innovative} points`),
        c.strengthen.length ? h('details', {}, h('summary', {}, `${c.strengthen.length} way${c.strengthen.length === 1 ? '' : 's'} to strengthen it`),
          h('ul', {}, c.strengthen.map((t) => h('li', {}, t)))) : null);
    }
  }

  // ---------- case studies ----------

  #buildCases(focusPath) {
    // An imported document may hold anything; the engine names what is wrong, the form shows what it can.
    const list = Array.isArray(this.doc.caseStudies) ? this.doc.caseStudies.map((cs) => (cs && typeof cs === 'object' && !Array.isArray(cs) ? cs : {})) : [];
    const body = this.casesBody;
    body.replaceChildren();
    for (const [key, name, desc] of PILLARS) {
      const idxs = list.map((cs, i) => [cs, i]).filter(([cs]) => cs.pillar === key);
      const group = h('section', { class: 'pillar-group', 'aria-labelledby': `pillar-${key}-h`, dataset: { pillar: key } },
        h('h3', { id: `pillar-${key}-h` }, `${name} `, h('span', { class: 'muted' }, `— ${desc}`)));
      if (!idxs.length) group.append(h('p', { class: 'empty' }, `No ${name.toLowerCase()} case study yet.`));
      for (const [cs, i] of idxs) group.append(this.#caseStudy(cs, i));
      group.append(h('div', { class: 'row-actions' }, h('button', { type: 'button', dataset: { addCase: key }, on: { click: () => this.addCase(key) } }, `+ Add ${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name.toLowerCase()} case study`)));
      body.append(group);
    }
    const orphans = list.map((cs, i) => [cs, i]).filter(([cs]) => !PILLARS.some((p) => p[0] === cs.pillar));
    if (orphans.length) {
      const group = h('section', { class: 'pillar-group' }, h('h3', {}, 'Case studies without a valid pillar'));
      for (const [cs, i] of orphans) group.append(this.#caseStudy(cs, i));
      body.append(group);
    }
    if (focusPath) {
      const el = this.root.querySelector(`[data-path="${focusPath}"]`);
      if (el) el.focus();
    }
    if (this.lastResult) this.updateCases(this.lastResult);
  }

  addCase(pillar) {
    if (!Array.isArray(this.doc.caseStudies)) this.doc.caseStudies = [];
    const ids = new Set(this.doc.caseStudies.map((c) => c && c.id));
    let n = this.doc.caseStudies.length + 1;
    while (ids.has(`cs${n}`)) n++;
    this.doc.caseStudies.push({ id: `cs${n}`, title: '', pillar });
    const i = this.doc.caseStudies.length - 1;
    this.#buildCases(`caseStudies[${i}].title`);
    this.opts.onEdit(`caseStudies[${i}]`);
  }

  removeCase(i) {
    const cs = this.doc.caseStudies[i];
    if (!window.confirm(`Remove the case study "${cs.title || cs.id}" and its measures?`)) return;
    this.doc.caseStudies.splice(i, 1);
    if (!this.doc.caseStudies.length) delete this.doc.caseStudies;
    this.#buildCases();
    this.opts.onEdit('caseStudies');
  }

  addMeasure(i) {
    const cs = this.doc.caseStudies[i];
    if (!Array.isArray(cs.measures)) cs.measures = [];
    const ids = new Set(cs.measures.map((m) => m && m.id));
    let n = cs.measures.length + 1;
    while (ids.has(`m${n}`)) n++;
    cs.measures.push({ id: `m${n}`, name: '', kind: 'expected', direction: 'higher' });
    this.#buildCases(`caseStudies[${i}].measures[${cs.measures.length - 1}].name`);
    this.opts.onEdit(`caseStudies[${i}].measures`);
  }

  removeMeasure(i, j) {
    const cs = this.doc.caseStudies[i];
    cs.measures.splice(j, 1);
    if (!cs.measures.length) delete cs.measures;
    this.#buildCases();
    this.opts.onEdit(`caseStudies[${i}].measures`);
  }

  #caseStudy(cs, i) {
    const base = `caseStudies[${i}]`;
    const pillarSel = this.#select(`${base}.pillar`, 'STEPS pillar', PILLARS.map(([k, n]) => [k, n]), { empty: null });
    pillarSel.querySelector('select').dataset.rerender = 'cases';
    const costBox = h('div', { class: 'cost grid' },
      this.#number(`${base}.cost.amount`, 'Cost of the intervention', { hint: 'optional; total spent' }),
      this.#text(`${base}.cost.currency`, 'Currency', { hint: 'ISO code, e.g. USD', max: 3, placeholder: 'USD' }));
    for (const c of costBox.querySelectorAll('[data-path]')) c.dataset.special = 'cost';
    const perceived = h('fieldset', {}, h('legend', {}, 'Perceived impact (self-reported, 0 = none … 5 = transformative)'),
      h('div', { class: 'grid' }, PERCEIVED.map(([k, n]) => {
        const f = this.#select(`${base}.perceived.${k}`, n, [0, 1, 2, 3, 4, 5].map((v) => [v, String(v)]), { empty: '— not rated —' });
        f.querySelector('select').dataset.special = 'perceived';
        return f;
      })));
    const measures = h('div', { class: 'measures' });
    const ms = Array.isArray(cs.measures) ? cs.measures : [];
    ms.forEach((m, j) => measures.append(this.#measure(i, j)));
    if (!ms.length) measures.append(h('p', { class: 'empty' }, 'No measures yet. Measured outcomes (a baseline and a post value) earn recognized or innovative value.'));
    const fs = h('fieldset', { class: 'case', dataset: { path: base, caseId: cs.id } },
      h('legend', {}, `Case study ${cs.title ? `“${cs.title}”` : cs.id}`),
      h('span', { class: 'error', dataset: { errorFor: P.normalize(base) } }),
      h('div', { class: 'case-feedback', role: 'status', 'aria-live': 'off' }),
      h('div', { class: 'grid' },
        h('div', { class: 'wide' }, this.#text(`${base}.title`, 'Title (required)', { required: true })),
        pillarSel,
        h('div', { class: 'field' }, h('span', { class: 'label' }, 'Case study id'), h('span', { class: 'hint' }, cs.id))),
      this.#text(`${base}.problem`, 'Problem', { area: true, hint: 'The local problem you set out to solve' }),
      this.#text(`${base}.intervention`, 'Intervention and design', { area: true, hint: 'What health IT was designed and implemented, and how' }),
      this.#text(`${base}.governance`, 'Governance', { area: true, hint: 'Who led, approved and monitored the work' }),
      h('fieldset', {}, h('legend', {}, 'Measures'), h('span', { class: 'error', dataset: { errorFor: `${base}.measures` } }), measures,
        h('div', { class: 'row-actions' }, h('button', { type: 'button', on: { click: () => this.addMeasure(i) } }, '+ Add a measure'))),
      costBox,
      this.#text(`${base}.outcomes`, 'Qualitative outcomes', { area: true }),
      this.#text(`${base}.lessons`, 'Lessons learned', { area: true }),
      perceived,
      h('div', { class: 'row-actions' }, h('button', { type: 'button', class: 'danger', on: { click: () => this.removeCase(i) } }, 'Remove this case study')));
    const titleInput = fs.querySelector(`[data-path="${base}.title"]`);
    titleInput.addEventListener('input', () => { fs.querySelector('legend').textContent = `Case study “${titleInput.value || cs.id}”`; });
    return fs;
  }

  #measure(i, j) {
    const base = `caseStudies[${i}].measures[${j}]`;
    const m = this.doc.caseStudies[i].measures[j] || {};
    return h('fieldset', { class: 'measure', dataset: { path: base } },
      h('legend', {}, `Measure ${j + 1} `, h('span', { class: 'muted' }, `(${m.id})`)),
      h('span', { class: 'error', dataset: { errorFor: base } }),
      h('div', { class: 'grid' },
        h('div', { class: 'wide' }, this.#text(`${base}.name`, 'What is measured (required)', { required: true, placeholder: 'e.g. Sepsis mortality' })),
        this.#select(`${base}.kind`, 'Kind', [['expected', 'Universally expected measure'], ['unique', 'Unique to us (innovative)']], { empty: null }),
        this.#select(`${base}.direction`, 'Better is', [['higher', 'Higher'], ['lower', 'Lower']], { empty: null }),
        this.#number(`${base}.baseline`, 'Baseline value'),
        this.#number(`${base}.post`, 'Post value'),
        this.#text(`${base}.unit`, 'Unit', { placeholder: '%, minutes, USD…' }),
        this.#text(`${base}.period`, 'Period', { placeholder: '2023 vs 2024' })),
      h('div', { class: 'row-actions' }, h('button', { type: 'button', class: 'danger', on: { click: () => this.removeMeasure(i, j) } }, 'Remove measure')));
  }

  // ---------- errors ----------

  /**
   * showErrors puts each problem of the core's error document next to the control its path
   * names (or the nearest enclosing group). Problems of untouched empty fields wait until the
   * user has been there or asks to submit. Returns the problems with where they were shown.
   */
  showErrors(fields) {
    for (const el of this.root.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
    // Touch only slots that hold text: rewriting thousands of empty ones costs a style recalculation each.
    for (const el of this.root.querySelectorAll('.error[data-error-for]')) if (el.firstChild) el.textContent = '';
    const flagged = new Set();
    const placed = [];
    for (const f of fields || []) {
      const path = P.normalize(f.path || '');
      const target = this.locate(path);
      const visible = this.showAll || this.#touchedUnder(path) || !this.#emptyAt(path);
      const removable = (!target || !target.control || target.path !== path) && path !== '' && !path.startsWith('$') && P.get(this.doc, path) !== undefined;
      placed.push({ ...f, path, target, visible, removable });
      if (!target || !visible) continue;
      const slot = target.slot;
      if (slot) slot.textContent = slot.textContent ? `${slot.textContent}; ${f.reason}` : f.reason;
      if (target.control) target.control.setAttribute('aria-invalid', 'true');
      const step = target.el.closest('[data-step]');
      if (step) flagged.add(step.dataset.step);
    }
    for (const b of this.nav.querySelectorAll('button')) b.classList.toggle('has-errors', flagged.has(b.dataset.step));
    this.errors = placed;
    return placed;
  }

  #touchedUnder(path) {
    for (const t of this.touched) if (t === path || t.startsWith(`${path}.`) || t.startsWith(`${path}[`) || path.startsWith(`${t}.`)) return true;
    return false;
  }

  #emptyAt(path) {
    const v = P.get(this.doc, path);
    return v === undefined || v === '' || v === null;
  }

  /** locate finds the element for a path: the control itself, else the closest enclosing group. */
  locate(path) {
    let segs = P.parse(path);
    while (segs.length) {
      const p = P.format(segs);
      const el = this.root.querySelector(`[data-path="${cssEscape(p)}"]`);
      if (el) {
        const group = el.tagName === 'FIELDSET' ? el : null;
        const slot = group ? group.querySelector(`:scope > .error[data-error-for="${cssEscape(p)}"]`) : this.root.querySelector(`.error[data-error-for="${cssEscape(p)}"]`);
        return { el, control: group ? null : el, slot, path: p };
      }
      const slotOnly = this.root.querySelector(`.error[data-error-for="${cssEscape(p)}"]`);
      if (slotOnly) return { el: slotOnly, control: null, slot: slotOnly, path: p };
      segs = segs.slice(0, -1);
    }
    return null;
  }

  /** reveal opens the step, domain tab and stage holding a path's field and focuses it. */
  reveal(path) {
    const t = this.locate(P.normalize(path));
    if (!t) return false;
    const step = t.el.closest('[data-step]');
    if (step) this.goto(step.dataset.step, { focus: false });
    const panel = t.el.closest('.domain-panel');
    if (panel) this.#selectDomain(panel.dataset.domain, false);
    const det = t.el.closest('details');
    if (det) det.open = true;
    const focusable = t.control || t.el.querySelector('input, select, textarea, button') || t.el;
    focusable.focus();
    focusable.scrollIntoView({ block: 'center' });
    return true;
  }

  /** showAllErrors makes every problem visible (before a submission). */
  touchAll() { this.showAll = true; }
}

function cssEscape(s) {
  return globalThis.CSS && CSS.escape ? CSS.escape(s) : s.replace(/["\\\]\[]/g, '\\$&');
}

export { title };
