// dom.js: the few DOM helpers the calculator's modules share. No framework: elements are
// built with h() and updated in place, so the page needs nothing but these ES modules.

/**
 * h builds an element. attrs: plain attributes, except `class`, `text` (textContent),
 * `on` ({event: handler}), `dataset` ({key: value}) and boolean attributes (true → present,
 * false/null/undefined → absent). children: nodes, strings or arrays of them (null skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** s builds an SVG element with the same conventions as h(). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'dataset') for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** clear removes every child of el and appends the given children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
/** id returns a page-unique id with the given prefix, for label/for and aria references. */
export function id(prefix = 'ov') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** fmt formats a number for display with at most `digits` decimals (the engine rounds already). */
const formats = new Map(); // one Intl.NumberFormat per precision: constructing one is slow
export function fmt(n, digits = 1) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '–';
  let f = formats.get(digits);
  if (!f) { f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }); formats.set(digits, f); }
  return f.format(n);
}

/** title turns an identifier such as "data_center" or "dataCenter" into "Data center". */
export function title(key) {
  const words = String(key).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
