// metrics.js: the optional step where a hospital enters its own CMS metrics and sees where
// they would place it among US hospitals (ValueSCORE Safety and Cost). The cohort snapshot
// (cohort.json, made by `openvalue cohort`) is fetched once from this page's own server; the
// rating is computed by the wasm engine (rateHospital, the same Go code as `openvalue rate`).
// The metric values never leave the browser and are not part of the submission.

import { h, replace, fmt } from './dom.js';
import { hbars, strip } from './charts.js';
import { isError } from './engine.js';
import { RATING_METRICS, RATING_DOMAINS, label } from './labels.js';

/** snapshotMetrics lists the snapshot's metrics: [{domain, metrics: [{id, lowerIsBetter, values}]}]. */
export function snapshotMetrics(snap) {
  const doms = (snap && snap.domains) || {};
  return RATING_DOMAINS.filter(([d]) => doms[d] && Array.isArray(doms[d].metrics)).map(([domain]) => ({
    domain,
    // values are the distinct values, sorted; counts how many hospitals have each.
    metrics: doms[domain].metrics.map((m) => ({
      id: m.id, lowerIsBetter: !!m.lowerIsBetter, values: m.values || [],
      hospitals: Array.isArray(m.counts) ? m.counts.reduce((a, b) => a + b, 0) : (m.values || []).length,
    })),
  }));
}

const metricName = (id) => (RATING_METRICS[id] || [id])[0];
const metricUnit = (id) => (RATING_METRICS[id] || [id, ''])[1];

export class Metrics {
  constructor({ engine, state, onChange }) {
    this.engine = engine;
    this.state = state;
    this.onChange = onChange;
    this.snapshotText = null;
    this.snapshot = null;
    this.status = 'idle';
    this.last = null;
    this.el = null;
    this.panel = null;
  }

  attach(panel) { this.panel = panel; }

  get available() { return this.engine.has('rateHospital'); }

  async #fetchSnapshot() {
    if (this.status !== 'idle') return;
    this.status = 'loading';
    try {
      const resp = await fetch(new URL('cohort.json', document.baseURI), { cache: 'no-cache' });
      if (!resp.ok) throw new Error(`cohort.json answered ${resp.status}`);
      this.snapshotText = await resp.text();
      this.snapshot = JSON.parse(this.snapshotText);
      this.status = 'ready';
    } catch (e) {
      this.status = 'failed';
      this.error = e.message;
    }
    if (this.el) this.render(this.el);
    this.rate(this.state.metrics);
  }

  /** need fetches the snapshot when the step is shown or the draft has metric values. */
  need() { if (this.available) this.#fetchSnapshot(); }

  render(el) {
    this.el = el;
    const intro = h('p', { class: 'intro' }, 'Optional. Enter your hospital’s own CMS measures to see where you would stand among US hospitals in the ValueSCORE Safety and Cost domains (percentiles, 100 = best). These numbers stay in this browser: they are not part of the submission and are never sent.');
    if (!this.available) {
      replace(el, intro, h('p', { class: 'notice info' }, 'This engine build does not include the hospital ratings.'));
      return;
    }
    if (this.status === 'idle' || this.status === 'loading') {
      replace(el, intro, h('p', { class: 'muted' }, 'Loading the cohort of US hospitals…'));
      return;
    }
    if (this.status === 'failed') {
      replace(el, intro, h('p', { class: 'notice info' }, `The cohort snapshot is not available on this server (${this.error}), so percentiles cannot be shown.`));
      return;
    }
    const v = this.state.metrics;
    const input = (key, labelText, hint) => {
      const id = `metric-${key.replace(/\./g, '-')}`;
      const cur = key.split('.').reduce((o, k) => (o ? o[k] : undefined), v);
      const el = h('input', { type: 'text', inputmode: 'decimal', id, autocomplete: 'off', value: cur === undefined ? '' : String(cur), dataset: { metric: key }, 'aria-describedby': `${id}-hint ${id}-err` });
      el.addEventListener('input', () => this.#edit(key, el));
      return h('div', { class: 'field' },
        h('label', { for: id }, labelText),
        h('span', { class: 'hint', id: `${id}-hint` }, hint),
        el,
        h('span', { class: 'error', id: `${id}-err`, dataset: { metricError: key } }));
    };
    const sets = snapshotMetrics(this.snapshot).map((d) => h('fieldset', { dataset: { domain: d.domain } },
      h('legend', {}, `${label(RATING_DOMAINS, d.domain)} (${d.metrics.length} metrics)`),
      h('div', { class: 'grid' }, d.metrics.map((m) => input(`${d.domain}.${m.id}`, metricName(m.id),
        `${metricUnit(m.id)} · ${m.lowerIsBetter ? 'lower is better' : 'higher is better'} · ${m.hospitals} hospitals`)))));
    const hac = h('fieldset', {}, h('legend', {}, 'HAC Reduction Program'),
      h('div', { class: 'grid' }, input('hacTotalScore', 'Total HAC Score', 'optional; flags the worst-performing quartile beside Safety')));
    replace(el, intro, sets, hac,
      h('p', { class: 'muted' }, `Cohort: ${(this.snapshot.provenance && this.snapshot.provenance.hospitals) || '?'} US hospitals · ratings methodology ${this.snapshot.methodology || '?'}. The Outcomes, Risk and Engagement domains are not specified by the published method and are not rated.`));
  }

  #edit(key, el) {
    const t = el.value.trim().replace(/,/g, '');
    const parts = key.split('.');
    const v = this.state.metrics;
    let value;
    if (t === '') value = undefined;
    else {
      const n = Number(t);
      value = Number.isFinite(n) ? n : t; // the engine names a non-number and its field
    }
    if (parts.length === 1) {
      if (value === undefined) delete v[key]; else v[key] = value;
    } else {
      const [d, m] = parts;
      if (value === undefined) { if (v[d]) { delete v[d][m]; if (!Object.keys(v[d]).length) delete v[d]; } } else (v[d] ||= {})[m] = value;
    }
    this.onChange();
  }

  #showErrors(fields) {
    if (!this.el) return;
    for (const e of this.el.querySelectorAll('[data-metric-error]')) e.textContent = '';
    for (const i of this.el.querySelectorAll('[data-metric]')) i.removeAttribute('aria-invalid');
    for (const f of fields || []) {
      const key = String(f.path || '').replace(/^\$\.?/, '');
      const slot = this.el.querySelector(`[data-metric-error="${key}"]`);
      if (!slot) continue;
      slot.textContent = f.reason;
      this.el.querySelector(`[data-metric="${key}"]`)?.setAttribute('aria-invalid', 'true');
    }
  }

  /** rate asks the engine where the entered values place the hospital, and shows it. */
  rate(values) {
    if (!this.panel) return;
    const has = values && Object.keys(values).length > 0;
    if (has) this.need();
    if (!has || this.status !== 'ready' || !this.available) {
      this.last = null;
      this.#showErrors([]);
      this.panel.ratings(null);
      return;
    }
    const res = this.engine.rateHospital(JSON.stringify(values), this.snapshotText);
    this.last = res;
    if (isError(res)) {
      this.#showErrors(res.error.fields);
      this.panel.ratings(h('section', { class: 'res-ratings' }, h('h3', {}, 'Where you would stand'),
        h('p', { class: 'notice error' }, res.error.message),
        h('ul', { class: 'problems' }, (res.error.fields || []).map((f) => h('li', {}, `${f.path}: ${f.reason}`)))));
      return;
    }
    this.#showErrors([]);
    this.panel.ratings(renderRating(res));
  }
}

/** renderRating lays out the engine's rating of one hospital (ratings.RateJSON's document). */
export function renderRating(res) {
  return h('section', { 'aria-labelledby': 'res-rate-h', class: 'res-ratings' },
    h('h3', { id: 'res-rate-h' }, 'Where you would stand (ValueSCORE)'),
    h('p', { class: 'muted' }, `Against ${res.snapshot ? res.snapshot.hospitals : '?'} US hospitals · ${res.methodology}`),
    RATING_DOMAINS.filter(([d]) => res[d]).map(([d, name]) => domain(d, name, res[d], d === 'safety' ? res : null)),
    res.note ? h('p', { class: 'muted' }, res.note) : null);
}

function domain(key, name, d, hacFrom) {
  const reported = d.metrics.filter((m) => m.value !== null && m.value !== undefined);
  const best = d.whatIf && d.whatIf.best;
  return h('div', { class: 'rating-domain', dataset: { domain: key } },
    h('h4', {}, d.excluded ? `${name}: not rated` : `${name}: ${fmt(d.score, 1)} / 100`),
    d.excluded
      ? h('p', { class: 'muted' }, `Only ${d.reported} of ${d.metrics.length} metrics reported — too few to rate this domain.`)
      : strip(d.score, { label: `${name} domain score ${fmt(d.score, 1)}: percentile among US hospitals, 100 best`, caption: `${name} score` }),
    d.excluded ? null : h('p', { class: 'muted' },
      `${d.reported} of ${d.metrics.length} metrics reported · average percentile ${fmt(d.average, 2)} · reporting adjustment ${fmt(d.reportingAdjustment, 2)}`
      + (d.changeAdjustment !== null && d.changeAdjustment !== undefined ? ` · change adjustment ${fmt(d.changeAdjustment, 2)}` : '')),
    reported.length ? hbars(reported.map((m) => ({ label: shortName(m.id), value: m.percentile, max: 100 })),
      { label: `${name} metric percentiles: ${reported.map((m) => `${m.id} ${fmt(m.percentile, 1)}`).join(', ')}`, digits: 0, labelWidth: 110 }) : null,
    hacFrom && hacFrom.hacWorstQuartile !== null && hacFrom.hacWorstQuartile !== undefined
      ? h('p', { class: hacFrom.hacWorstQuartile ? 'notice error' : 'muted' }, hacFrom.hacWorstQuartile
        ? `Total HAC Score ${fmt(hacFrom.hacTotalScore, 4)} is in the worst-performing quartile (HAC payment reduction).`
        : `Total HAC Score ${fmt(hacFrom.hacTotalScore, 4)} is not in the worst-performing quartile.`) : null,
    best ? h('p', {}, h('strong', {}, 'Biggest single step: '), whatIf(best)) : null,
    d.whatIf && d.whatIf.options.length > 1 ? h('details', {}, h('summary', {}, 'Other single-metric steps'),
      h('ul', {}, d.whatIf.options.slice(1, 6).map((o) => h('li', {}, whatIf(o))))) : null);
}

function shortName(id) {
  return (RATING_METRICS[id] || [])[2] || id;
}

function whatIf(o) {
  const name = metricName(o.metric);
  const from = o.scoreFrom === null ? 'not rated' : fmt(o.scoreFrom, 1);
  if (o.action === 'report') return `report ${name} (at the cohort median, ${fmt(o.to, 3)}): score ${from} → ${fmt(o.scoreTo, 1)} (+${fmt(o.gain, 1)})`;
  return `improve ${name} from ${fmt(o.from, 3)} to ${fmt(o.to, 3)} (percentile ${fmt(o.percentileFrom, 0)} → ${fmt(o.percentileTo, 0)}): score ${from} → ${fmt(o.scoreTo, 1)} (+${fmt(o.gain, 1)})`;
}
