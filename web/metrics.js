// metrics.js: the optional step where a hospital enters its own CMS metrics and sees where
// they would place it among US hospitals (ValueSCORE Safety and Cost percentiles). The cohort
// snapshot (cohort.json) is fetched once from this page's own server; the rating is computed
// by the wasm engine (rateHospital); the metric values never leave the browser and are not
// part of the submission.

import { h, replace, fmt } from './dom.js';
import { strip } from './charts.js';
import { isError } from './engine.js';

/**
 * snapshotMetrics lists the metrics a snapshot describes, per domain, as
 * [{domain, metrics: [{id, name, unit, lowerIsBetter, values?}]}], tolerating the snapshot
 * carrying domains as an object or an array.
 */
export function snapshotMetrics(snap) {
  if (!snap || typeof snap !== 'object') return [];
  let domains = snap.domains || snap.Domains;
  if (!domains) return [];
  if (!Array.isArray(domains)) domains = Object.entries(domains).map(([domain, d]) => ({ domain, ...d }));
  return domains.map((d) => {
    let ms = d.metrics || [];
    if (!Array.isArray(ms)) ms = Object.entries(ms).map(([id, m]) => ({ id, ...m }));
    return {
      domain: d.domain || d.key || d.id || d.name,
      metrics: ms.map((m) => ({
        id: m.id || m.key, name: m.name || m.id, unit: m.unit || '',
        lowerIsBetter: m.lowerIsBetter ?? m.lower_is_better ?? (m.direction === 'lower'),
        values: m.values || m.sorted || null,
      })),
    };
  }).filter((d) => d.domain && d.metrics.length);
}

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

  render(el) {
    this.el = el;
    const intro = h('p', { class: 'intro' }, 'Optional. Enter your hospital’s own CMS measures to see where you would stand among US hospitals in the ValueSCORE Safety and Cost domains (100 = best). These numbers stay in this browser: they are not part of the submission and are never sent.');
    if (!this.engine.has('rateHospital')) {
      replace(el, intro, h('p', { class: 'notice info' }, 'This engine build does not include the hospital ratings.'));
      return;
    }
    if (this.status === 'idle') this.#fetchSnapshot();
    if (this.status === 'idle' || this.status === 'loading') {
      replace(el, intro, h('p', { class: 'muted' }, 'Loading the cohort of US hospitals…'));
      return;
    }
    if (this.status === 'failed') {
      replace(el, intro, h('p', { class: 'notice info' }, `The cohort snapshot is not available on this server (${this.error}), so percentiles cannot be shown.`));
      return;
    }
    const doms = snapshotMetrics(this.snapshot);
    const sets = doms.map((d) => h('fieldset', { dataset: { domain: d.domain } },
      h('legend', {}, `${d.domain.charAt(0).toUpperCase()}${d.domain.slice(1)} metrics`),
      h('div', { class: 'grid' }, d.metrics.map((m) => {
        const id = `metric-${m.id}`;
        const v = this.state.metrics[m.id];
        const input = h('input', { type: 'text', inputmode: 'decimal', id, autocomplete: 'off', value: v === undefined ? '' : String(v), dataset: { metric: m.id }, 'aria-describedby': `${id}-hint` });
        input.addEventListener('input', () => {
          const t = input.value.trim();
          const n = Number(t);
          if (t === '') delete this.state.metrics[m.id];
          else if (Number.isFinite(n)) this.state.metrics[m.id] = n;
          else return;
          this.onChange();
        });
        return h('div', { class: 'field' },
          h('label', { for: id }, m.name),
          h('span', { class: 'hint', id: `${id}-hint` }, `${m.unit}${m.unit ? ' · ' : ''}${m.lowerIsBetter ? 'lower is better' : 'higher is better'}`),
          input);
      }))));
    replace(el, intro, sets, h('p', { class: 'muted' }, `Cohort: ${this.snapshot.source || this.snapshot.sources || ''} ${this.snapshot.methodology ? `· ratings methodology ${this.snapshot.methodology}` : ''}`));
  }

  /** input builds the rating input from the entered values, per domain. */
  #input(values) {
    const out = {};
    for (const d of snapshotMetrics(this.snapshot)) {
      const dv = {};
      for (const m of d.metrics) if (values[m.id] !== undefined) dv[m.id] = values[m.id];
      if (Object.keys(dv).length) out[d.domain] = dv;
    }
    return out;
  }

  rate(values) {
    if (!this.panel) return;
    if (this.status !== 'ready' || !this.engine.has('rateHospital') || !values || !Object.keys(values).length) {
      this.last = null;
      this.panel.ratings(null);
      return;
    }
    const res = this.engine.rateHospital(JSON.stringify(this.#input(values)), this.snapshotText);
    this.last = res;
    if (isError(res)) {
      this.panel.ratings(h('section', {}, h('h3', {}, 'Where you would stand'), h('p', { class: 'notice error' }, res.error.message),
        h('ul', {}, (res.error.fields || []).map((f) => h('li', {}, `${f.path}: ${f.reason}`)))));
      return;
    }
    this.panel.ratings(renderRating(res, this.snapshot));
  }
}

/** renderRating lays out the engine's rating answer: domain scores and each metric's percentile. */
function renderRating(res, snap) {
  const doms = Array.isArray(res.domains) ? res.domains : Object.entries(res.domains || res).filter(([, v]) => v && typeof v === 'object').map(([domain, v]) => ({ domain, ...v }));
  const meta = new Map(snapshotMetrics(snap).flatMap((d) => d.metrics.map((m) => [m.id, m])));
  return h('section', { 'aria-labelledby': 'res-rate-h', class: 'res-ratings' },
    h('h3', { id: 'res-rate-h' }, 'Where you would stand (ValueSCORE)'),
    doms.map((d) => {
      const score = d.score ?? d.finalScore ?? d.final;
      let metrics = d.metrics || [];
      if (!Array.isArray(metrics)) metrics = Object.entries(metrics).map(([id, m]) => ({ id, ...m }));
      return h('div', { class: 'rating-domain', dataset: { domain: d.domain } },
        h('h4', {}, `${String(d.domain).charAt(0).toUpperCase()}${String(d.domain).slice(1)}: ${d.excluded ? 'not rated' : `${fmt(score, 1)} / 100`}`),
        typeof score === 'number' && !d.excluded ? strip(score, { label: `${d.domain} domain score ${fmt(score, 1)} of 100`, caption: 'Domain score' }) : null,
        d.excluded ? h('p', { class: 'muted' }, d.reason || 'Too few metrics reported for this domain.') : null,
        h('table', { class: 'plain' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Metric'), h('th', { scope: 'col', class: 'num' }, 'Value'), h('th', { scope: 'col', class: 'num' }, 'Percentile'))),
          h('tbody', {}, metrics.filter((m) => m.value !== undefined && m.value !== null).map((m) => h('tr', {},
            h('td', {}, (meta.get(m.id) || {}).name || m.id),
            h('td', { class: 'num' }, fmt(m.value, 3)),
            h('td', { class: 'num' }, fmt(m.percentile, 1)))))));
    }));
}
