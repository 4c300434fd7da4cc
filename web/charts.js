// charts.js: the result panel's charts as inline SVG. They only draw numbers the wasm engine
// computed; nothing here scores. Each chart is an <svg role="img"> with a <title> and an
// aria-label that says in words what the bars show, so a screen reader gets the same facts.

import { s, fmt } from './dom.js';

const W = 320; // viewBox width; the SVG scales to its container.

function frame(height, label, width = W) {
  return s('svg', {
    viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': label,
    class: 'chart', preserveAspectRatio: 'xMinYMin meet',
  }, s('title', { text: label }));
}

/**
 * hbars draws horizontal bars. items: [{label, value, max, marker?, markerLabel?, tone?}].
 * value and max share a unit (e.g. stage 0–7 or points); marker draws a thin reference tick
 * (e.g. the published industry average).
 */
export function hbars(items, { label, unit = '', digits = 1, labelWidth = 104 } = {}) {
  const row = 26;
  const height = items.length * row + 8;
  const svg = frame(height, label || items.map((i) => `${i.label} ${fmt(i.value, digits)}${unit}`).join(', '));
  const x0 = labelWidth;
  const span = W - x0 - 44;
  items.forEach((it, n) => {
    const y = 4 + n * row;
    const max = it.max > 0 ? it.max : 1;
    const v = Math.max(0, Math.min(it.value ?? 0, max));
    svg.append(
      s('text', { x: x0 - 6, y: y + 15, 'text-anchor': 'end', class: 'chart-label', text: it.label }),
      s('rect', { x: x0, y: y + 3, width: span, height: 16, rx: 3, class: 'chart-track' }),
      s('rect', { x: x0, y: y + 3, width: (span * v) / max, height: 16, rx: 3, class: `chart-bar ${it.tone || ''}` }),
      s('text', { x: x0 + span + 6, y: y + 15, class: 'chart-value', text: `${fmt(it.value, digits)}${unit}` }),
    );
    if (typeof it.marker === 'number') {
      const mx = x0 + (span * Math.max(0, Math.min(it.marker, max))) / max;
      svg.append(s('line', { x1: mx, x2: mx, y1: y, y2: y + 22, class: 'chart-marker' },
        s('title', { text: it.markerLabel || `reference ${fmt(it.marker, 2)}` })));
    }
  });
  return svg;
}

/**
 * stageColumns draws the accomplishment (0–100 %) of stages 1–7 as columns with the 70 %
 * line of the staging rule. stages: [{stage, percent, achieved}].
 */
export function stageColumns(stages, { label, threshold = 70 } = {}) {
  const height = 150;
  const top = 10;
  const base = 120;
  const svg = frame(height, label || stages.map((st) => `stage ${st.stage} ${fmt(st.percent)}%`).join(', '));
  const n = Math.max(stages.length, 1);
  const slot = (W - 30) / n;
  const scaleY = (p) => base - ((base - top) * Math.max(0, Math.min(p, 100))) / 100;
  svg.append(s('line', { x1: 24, x2: W, y1: base, y2: base, class: 'chart-axis' }));
  stages.forEach((st, i) => {
    const x = 28 + i * slot;
    const y = scaleY(st.percent);
    svg.append(
      s('rect', { x: x + 3, y, width: slot - 8, height: base - y, rx: 2, class: `chart-bar ${st.achieved ? 'good' : 'short'}` },
        s('title', { text: `Stage ${st.stage}: ${fmt(st.percent)}%${st.achieved ? ' (achieved)' : ''}` })),
      s('text', { x: x + slot / 2 - 1, y: base + 14, 'text-anchor': 'middle', class: 'chart-label', text: String(st.stage) }),
      // Tall bars carry their value inside (white on the bar), short ones just above.
      y - 3 < top + 8
        ? s('text', { x: x + slot / 2 - 1, y: y + 11, 'text-anchor': 'middle', class: 'chart-value small inverse', text: fmt(st.percent, 0) })
        : s('text', { x: x + slot / 2 - 1, y: y - 3, 'text-anchor': 'middle', class: 'chart-value small', text: fmt(st.percent, 0) }),
    );
  });
  const ty = scaleY(threshold);
  svg.append(
    s('line', { x1: 24, x2: W, y1: ty, y2: ty, class: 'chart-threshold' }),
    s('text', { x: 2, y: ty + 4, class: 'chart-label small', text: `${threshold}%` }),
    s('text', { x: W / 2, y: height - 2, 'text-anchor': 'middle', class: 'chart-label small', text: 'stage' }),
  );
  return svg;
}

/**
 * radar draws a closed polygon over axes (e.g. the five STEPS pillars). axes: [{label,
 * value, max}]. Falls back to nothing sensible below three axes, so callers use hbars then.
 */
export function radar(axes, { label } = {}) {
  // Wider than the other charts: the axis labels sit outside the polygon on both sides.
  const size = 220;
  const width = 420;
  const cx = width / 2;
  const cy = size / 2 + 6;
  const r = 80;
  const svg = frame(size + 10, label || axes.map((a) => `${a.label} ${fmt(a.value)} of ${fmt(a.max)}`).join(', '), width);
  const n = axes.length;
  const pt = (i, f) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [cx + Math.cos(a) * r * f, cy + Math.sin(a) * r * f];
  };
  for (const f of [0.25, 0.5, 0.75, 1]) {
    svg.append(s('polygon', { points: axes.map((_, i) => pt(i, f).join(',')).join(' '), class: 'chart-grid' }));
  }
  axes.forEach((a, i) => {
    const [x, y] = pt(i, 1);
    const [lx, ly] = pt(i, 1.22);
    svg.append(
      s('line', { x1: cx, y1: cy, x2: x, y2: y, class: 'chart-grid' }),
      s('text', { x: lx, y: ly + 4, 'text-anchor': lx < cx - 5 ? 'end' : lx > cx + 5 ? 'start' : 'middle', class: 'chart-label', text: a.label }),
    );
  });
  const frac = (a) => (a.max > 0 ? Math.max(0, Math.min(a.value / a.max, 1)) : 0);
  svg.append(s('polygon', { points: axes.map((a, i) => pt(i, frac(a)).join(',')).join(' '), class: 'chart-area' }));
  axes.forEach((a, i) => {
    const [x, y] = pt(i, frac(a));
    svg.append(s('circle', { cx: x, cy: y, r: 3, class: 'chart-dot' }, s('title', { text: `${a.label}: ${fmt(a.value)} of ${fmt(a.max)}` })));
  });
  return svg;
}

/**
 * strip draws a 0–100 percentile strip: the cohort's spread as faint ticks (cohort: values
 * already placed on 0–100, optional), quartile guides, and the hospital's marker.
 */
export function strip(percentile, { label, cohort = [], caption = '' } = {}) {
  const height = 46;
  const x0 = 10;
  const span = W - 20;
  const svg = frame(height, label || `percentile ${fmt(percentile, 0)} of 100`);
  svg.append(s('rect', { x: x0, y: 12, width: span, height: 14, rx: 7, class: 'chart-track' }));
  for (const c of cohort) svg.append(s('line', { x1: x0 + (span * c) / 100, x2: x0 + (span * c) / 100, y1: 13, y2: 25, class: 'chart-cohort' }));
  for (const q of [25, 50, 75]) svg.append(s('line', { x1: x0 + (span * q) / 100, x2: x0 + (span * q) / 100, y1: 10, y2: 28, class: 'chart-guide' }));
  svg.append(
    s('text', { x: x0, y: 42, class: 'chart-label small', text: '0 worst' }),
    s('text', { x: x0 + span, y: 42, 'text-anchor': 'end', class: 'chart-label small', text: 'best 100' }),
  );
  if (typeof percentile === 'number' && Number.isFinite(percentile)) {
    const x = x0 + (span * Math.max(0, Math.min(percentile, 100))) / 100;
    svg.append(
      s('circle', { cx: x, cy: 19, r: 7, class: 'chart-you' }, s('title', { text: `${caption || 'You'}: ${fmt(percentile, 1)}` })),
      s('text', { x, y: 8, 'text-anchor': x < 30 ? 'start' : x > W - 30 ? 'end' : 'middle', class: 'chart-value small', text: fmt(percentile, 0) }),
    );
  }
  return svg;
}
