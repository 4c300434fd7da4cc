// results.js: renders the engine's result document (and the ratings answer) in the result
// panel. It only lays out what the engine computed: stages, points, levels, strengths,
// opportunities, targets, roadmap and percentiles all come from the wasm core.

import { h, replace, fmt } from './dom.js';
import { hbars, stageColumns, radar, strip } from './charts.js';
import { VALUE_TYPES, PILLARS, DOMAINS, label } from './labels.js';

// lazy builds a <details> whose content is made on first opening: the panel is redrawn on
// every change, and a large submission's case-study tables and explanation would otherwise
// cost more than a frame. buildAll() makes every pending one (before printing).
const pending = new Set();
function lazy(attrs, summary, build) {
  const d = h('details', attrs, h('summary', {}, summary));
  const fill = () => {
    if (!pending.delete(d)) return;
    d.append(...[build()].flat(Infinity).filter(Boolean));
  };
  pending.add(d);
  d.addEventListener('toggle', () => { if (d.open) fill(); });
  d.fill = fill;
  return d;
}

/** buildAll fills every lazy <details> still empty (the page is about to be printed). */
export function buildAll() {
  for (const d of [...pending]) if (d.isConnected) d.fill(); else pending.delete(d);
}

/** Panel owns the result panel element. */
export class Panel {
  constructor(root, { onProblem, onRemove } = {}) {
    this.root = root;
    this.onProblem = onProblem;
    this.onRemove = onRemove;
    this.last = null;
    this.summary = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.body = h('div', { class: 'results-body' });
    this.problemsBox = h('div', { class: 'problems-box' });
    this.ratingsBox = h('div', { class: 'ratings-box' });
    replace(root,
      h('h2', { id: 'results-h' }, h('span', {}, 'Your estimate'), this.badge = h('span', { class: 'badge' }, 'estimated')),
      h('p', { class: 'muted' }, 'Computed in this browser by the open scoring engine; updates as you type.'),
      this.summary, this.problemsBox, this.body, this.ratingsBox);
    this.body.append(h('p', { class: 'muted' }, 'Loading the scoring engine…'));
  }

  /** forget drops the last estimate (another draft was loaded: it no longer describes it). */
  forget() {
    this.last = null;
    replace(this.body, h('p', { class: 'muted' }, 'Your estimated Value Score, INFRAM stages and roadmap appear here.'));
  }

  /** loading failure: the calculator cannot work without the engine. */
  fail(message) {
    replace(this.body, h('p', { class: 'notice error', role: 'alert' }, `The scoring engine could not be started: ${message}`));
  }

  /**
   * problems lists the problems of the current draft. placed: [{path, reason, target, visible}].
   * With problems the panel keeps showing the last valid estimate, marked as such.
   */
  problems(placed, message) {
    if (!placed || !placed.length) {
      this.problemsBox.replaceChildren();
      this.root.classList.remove('stale');
      return;
    }
    this.root.classList.add('stale');
    if (!this.last) this.body.replaceChildren();
    replace(this.problemsBox, h('div', { class: 'notice error' },
      h('strong', {}, message || `${placed.length} problem${placed.length === 1 ? '' : 's'} in the submission`),
      h('p', { class: 'muted' }, this.last ? 'The estimate below is from the last complete state of the form.' : 'Fix these to see your estimate.'),
      h('ul', { class: 'problems' }, placed.map((p) => h('li', {},
        p.target ? h('button', { type: 'button', on: { click: () => this.onProblem && this.onProblem(p.path) } }, describe(p))
          : describe(p),
        // A value no control of the form edits (an unknown criterion, a wrong type from an
        // imported file) can only be removed; the form offers exactly that.
        p.removable && this.onRemove ? [' ', h('button', { type: 'button', class: 'link remove-value', on: { click: () => this.onRemove(p.path) } }, 'remove this value')] : null)))));
  }

  /** hint says what the estimate still needs when only untouched required fields are missing. */
  hint(placed) {
    this.root.classList.remove('stale');
    if (!this.last) replace(this.body, h('p', { class: 'muted' }, 'Your estimated Value Score, INFRAM stages and roadmap appear here.'));
    replace(this.problemsBox, h('div', { class: 'notice info' },
      h('strong', {}, this.last ? 'Almost there' : 'To see your first estimate'),
      h('ul', {}, placed.map((p) => h('li', {},
        p.target ? h('button', { type: 'button', class: 'link', on: { click: () => this.onProblem && this.onProblem(p.path) } }, hintText(p)) : hintText(p))))));
  }

  /** show renders one result document. */
  show(res) {
    const prev = this.last;
    this.last = res;
    this.badge.textContent = res.status;
    this.badge.classList.toggle('verified', res.status === 'verified');
    const vs = res.valueScore;
    const inf = res.infram;
    const kpi = (k, v, suffix, changed) => h('div', { class: `kpi${changed ? ' changed' : ''}`, dataset: { kpi: k } },
      h('div', { class: 'k' }, k), h('div', { class: 'v' }, v, h('small', {}, suffix)));
    const stageChanged = prev && prev.infram.stage !== inf.stage;
    const totalChanged = prev && prev.valueScore.total !== vs.total;
    replace(this.body,
      h('section', { 'aria-label': 'Summary' },
        h('div', { class: 'kpis' },
          kpi('Value Score', fmt(vs.total, 2), ` / ${fmt(vs.max, 0)}`, totalChanged),
          kpi('INFRAM stage', String(inf.stage), ' / 7', stageChanged)),
        h('p', { class: 'muted' }, `Methodology ${res.methodology} · catalog ${inf.catalog} · ${inf.answered} of ${inf.criteria} INFRAM criteria answered`)),
      this.#next(inf, vs),
      this.#infram(inf),
      this.#valueScore(vs),
      this.#cases(vs),
      this.#explain(vs));
    const text = `Value Score ${fmt(vs.total, 2)} of ${fmt(vs.max, 0)}. INFRAM stage ${inf.stage} of 7.`;
    if (this.summary.textContent !== text) this.summary.textContent = text;
  }

  /** #next gathers the engine's most valuable next steps: the INFRAM roadmap's heaviest item
   * and each pillar's first target action, best pillars first. */
  #next(inf, vs) {
    const items = [];
    const rm = inf.roadmap;
    if (rm.nextStage !== null && rm.nextStage !== undefined && rm.items && rm.items.length) {
      const it = rm.items[0];
      items.push(h('li', {}, h('strong', {}, `INFRAM stage ${rm.nextStage}: `), `${fmt(rm.weightNeeded)} more weight needed — start with “${it.text}” (${label(DOMAINS, it.domain)}, +${fmt(it.gain)}).`));
    }
    // Pillars whose first action reads the same are listed together, nearest target first.
    const byAction = new Map();
    for (const p of vs.pillars.filter((q) => q.target && q.target.actions && q.target.actions.length)
      .sort((a, b) => a.target.pointsNeeded - b.target.pointsNeeded)) {
      const act = p.target.actions[0];
      if (!byAction.has(act)) byAction.set(act, []);
      byAction.get(act).push(`${p.name} → ${p.target.level}`);
    }
    for (const [act, names] of [...byAction].slice(0, 3)) {
      items.push(h('li', {}, h('strong', {}, `${names.join('; ')}: `), act));
    }
    if (!items.length) return null;
    return h('section', { 'aria-labelledby': 'res-next-h', class: 'res-next' },
      h('h3', { id: 'res-next-h' }, 'Next steps'), h('ul', {}, items));
  }

  #infram(inf) {
    const avg = new Map((inf.comparison.domains || []).map((c) => [c.domain, c.average]));
    const domainBars = hbars(
      [{ label: 'Overall', value: inf.stage, max: 7, marker: inf.comparison.overall.average, markerLabel: `published average ${inf.comparison.overall.average}`, tone: 'good' },
        ...inf.domains.map((d) => ({ label: d.name || label(DOMAINS, d.domain), value: d.stage, max: 7, marker: avg.get(d.domain), markerLabel: avg.has(d.domain) ? `published average ${avg.get(d.domain)}` : undefined }))],
      { label: `INFRAM stage overall ${inf.stage}; ${inf.domains.map((d) => `${d.name} ${d.stage}`).join(', ')}`, digits: 0 });
    const rm = inf.roadmap;
    const cmp = inf.comparison;
    return h('section', { 'aria-labelledby': 'res-infram-h', class: 'res-infram' },
      h('h3', { id: 'res-infram-h' }, 'INFRAM infrastructure maturity'),
      domainBars,
      h('p', { class: 'legend' }, h('span', { class: 'swatch' }), `published averages — ${cmp.source || `HIMSS Analytics; most organizations are at stage ${cmp.mostCommonStage}`}`),
      h('p', {}, `Overall stage ${inf.stage} is ${positionText(cmp.overall)} the published average of ${fmt(cmp.overall.average, 2)}`,
        inf.declaredStage !== undefined && inf.declaredStage !== null ? ` (declared stage: ${inf.declaredStage})` : '', '.'),
      h('h4', {}, 'Accomplishment per stage (all domains)'),
      stageColumns(inf.stages.map((s) => ({ stage: s.stage, percent: s.percent, achieved: s.achieved }))),
      h('table', { class: 'plain' },
        h('caption', { class: 'visually-hidden' }, 'Accomplishment per stage per domain, percent'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Domain'), [1, 2, 3, 4, 5, 6, 7].map((n) => h('th', { scope: 'col', class: 'num' }, `S${n}`)))),
        h('tbody', {}, [{ name: 'Overall', stages: inf.stages }, ...inf.domains].map((d) => h('tr', {},
          h('th', { scope: 'row' }, d.name),
          d.stages.map((s) => h('td', { class: 'num', title: s.achieved ? 'achieved' : s.met ? 'met' : 'not met' }, s.possible > 0 ? `${fmt(s.percent, 0)}${s.achieved ? '✓' : ''}` : '–')))))),
      this.#roadmap(rm));
  }

  #roadmap(rm) {
    if (rm.nextStage === null || rm.nextStage === undefined) {
      return h('div', { class: 'roadmap' }, h('h4', {}, 'Roadmap'), h('p', {}, 'Stage 7 achieved: nothing blocks a higher stage.'));
    }
    const items = rm.items || [];
    const top = items.slice(0, 6);
    const rest = items.slice(6);
    // Each open criterion leads to its question in the form.
    const li = (it) => h('li', {}, h('span', { class: 'tag' }, label(DOMAINS, it.domain)),
      this.onProblem ? h('button', { type: 'button', class: 'link criterion-link', on: { click: () => this.onProblem(`infram.${it.domain}.${it.id}`) } }, it.text) : it.text,
      h('span', { class: 'muted' }, ` (${it.id}, weight ${it.weight}, now ${it.answer}, +${fmt(it.gain)} if yes)`));
    return h('div', { class: 'roadmap' },
      h('h4', {}, `Roadmap to stage ${rm.nextStage}`),
      h('p', {}, `Stage ${rm.nextStage} is ${fmt(rm.percent)}% accomplished; it needs ${fmt(rm.weightNeeded)} more weight to reach 70%.`),
      items.length ? h('ol', {}, top.map(li)) : h('p', { class: 'muted' }, 'No open criteria.'),
      rest.length ? lazy({}, `${rest.length} more criteria`, () => h('ol', { start: top.length + 1 }, rest.map(li))) : null);
  }

  #valueScore(vs) {
    const types = hbars(vs.types.map((t) => ({ label: VALUE_TYPES[t.type] || t.type, value: t.points, max: t.max })),
      { label: `Value types: ${vs.types.map((t) => `${t.type} ${t.points} of ${t.max}`).join(', ')}`, digits: 2 });
    const axes = vs.pillars.map((p) => ({ label: p.name || label(PILLARS, p.pillar), value: p.points, max: p.max }));
    return h('section', { 'aria-labelledby': 'res-vs-h', class: 'res-vs' },
      h('h3', { id: 'res-vs-h' }, 'Value Score'),
      h('h4', {}, 'By value type'),
      types,
      h('h4', {}, 'By STEPS pillar'),
      axes.length >= 3 ? radar(axes) : hbars(axes),
      vs.pillars.map((p) => this.#pillar(p)));
  }

  #pillar(p) {
    const t = p.target;
    return h('details', { class: 'pillar', dataset: { pillar: p.pillar } },
      h('summary', {}, `${p.name}: ${fmt(p.points, 2)} / ${fmt(p.max, 0)} · ${p.level}`),
      h('p', { class: 'muted' }, `Perceived ${fmt(p.perceived, 2)} · Recognized ${fmt(p.recognized, 2)} · Innovative ${fmt(p.innovative, 2)}`),
      p.strengths.length ? [h('strong', {}, 'Strengths'), h('ul', {}, p.strengths.map((s) => h('li', {}, s)))] : null,
      p.opportunities.length ? [h('strong', {}, 'Opportunities'), h('ul', {}, p.opportunities.map((s) => h('li', {}, s)))] : null,
      t ? [h('strong', {}, `Target: ${t.level} (${fmt(t.percent, 0)}%, ${fmt(t.pointsNeeded, 2)} more points)`),
        h('ul', {}, (t.actions || []).map((s) => h('li', {}, s)))] : h('p', {}, 'All points earned.'));
  }

  #cases(vs) {
    if (!vs.caseStudies.length) return null;
    return h('section', { 'aria-labelledby': 'res-cs-h' },
      h('h3', { id: 'res-cs-h' }, 'Case studies'),
      vs.caseStudies.map((c) => lazy({ class: 'case-result' }, `${c.id} · ${label(PILLARS, c.pillar)} · ${c.strength}, ${c.completeness}% complete`, () => [
        h('p', { class: 'muted' }, `Perceived ${fmt(c.perceived, 2)} · Recognized ${fmt(c.recognized, 2)} · Innovative ${fmt(c.innovative, 2)} · evidence ${fmt(c.evidence)}${c.counted ? '' : ' · not counted'}`),
        c.measures.length ? h('table', { class: 'plain' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Measure'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col', class: 'num' }, 'Improvement'), h('th', { scope: 'col', class: 'num' }, 'Points'))),
          h('tbody', {}, c.measures.map((m) => h('tr', {}, h('td', {}, m.id), h('td', {}, m.kind),
            h('td', { class: 'num' }, m.improvement === null || m.improvement === undefined ? '–' : `${fmt(m.improvement)}%`),
            h('td', { class: 'num' }, fmt(m.points)))))) : null,
        c.strengthen.length ? [h('strong', {}, 'To strengthen it'), h('ul', {}, c.strengthen.map((s) => h('li', {}, s)))] : null])));
  }

  #explain(vs) {
    return h('section', { 'aria-label': 'How the score was computed' },
      lazy({}, 'How the score was computed', () =>
        h('table', { class: 'plain' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col' }, 'Detail'), h('th', { scope: 'col', class: 'num' }, 'Points'))),
          h('tbody', {}, vs.explain.map((e) => h('tr', {},
            h('td', {}, e.rule, e.caseStudy ? h('div', { class: 'muted' }, e.caseStudy) : null),
            h('td', {}, e.detail),
            h('td', { class: 'num' }, `${fmt(e.points, 2)} / ${fmt(e.max, 2)}`)))),
          h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: '2' }, 'Total'), h('td', { class: 'num' }, fmt(vs.total, 2)))))));
  }

  /** ratings renders the hospital's own CMS metrics rated against the cohort (or clears it). */
  ratings(node) {
    replace(this.ratingsBox, node || []);
  }
}

function positionText(c) {
  if (c.position === 'above') return `${fmt(c.difference, 2)} stages above`;
  if (c.position === 'below') return `${fmt(-c.difference, 2)} stages below`;
  return 'at';
}

function hintText(p) {
  if (p.path === 'organization.name') return 'Enter your organization’s name';
  return `Fill in ${p.path}: ${p.reason}`;
}

function describe(p) {
  return `${p.path || 'document'}: ${p.reason}`;
}

export { strip };
