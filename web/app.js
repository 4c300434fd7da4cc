// app.js: the calculator page. It wires the form (form.js), the live result panel
// (results.js), the browser-only drafts (drafts.js), the optional own-CMS-metrics rating
// (metrics.js), the one sending action (submit.js) and, inside a partner's frame, the embed
// protocol (host.js). Every number shown comes from the wasm engine (engine.js); nothing here
// scores, and nothing is sent anywhere except the confirmed submission.

import { load as loadEngine, isError } from './engine.js';
import { h, replace } from './dom.js';
import { Form, normalizeCatalog } from './form.js';
import { Panel, buildAll } from './results.js';
import { Metrics } from './metrics.js';
import { Submitter } from './submit.js';
import { Host } from './host.js';
import * as drafts from './drafts.js';
import * as P from './paths.js';

const state = {
  engine: null,
  doc: emptyDoc(),
  metrics: {},
  result: null, // the last valid result document
  problems: [], // the current draft's problems (placed by the form)
  receipt: null, // {id, status, at} of the last submission from this draft
  queued: false,
};

function emptyDoc() {
  return { organization: { name: '' }, maturity: {}, infram: {} };
}

// The embed protocol must listen before anything slow happens, so a host's hello is not missed.
const host = new Host({ onSubmission: (doc) => adopt({ submission: doc, step: null }, 'the partner page') });

const els = {
  form: document.getElementById('form'),
  results: document.getElementById('results'),
  toolbar: document.getElementById('toolbar'),
};

const panel = new Panel(els.results, {
  onProblem: (path) => form && form.reveal(path),
  onRemove: (path) => {
    if (!form) return;
    P.set(state.doc, path, undefined);
    form.load(state.doc, { step: form.step, touchedAll: true });
    mountSubmitter();
    lastOut = null;
    compute();
    scheduleSave();
  },
});
let form = null;
let metrics = null;
let submitter = null;
let saveTimer = 0;

const saved = h('span', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'draft-status' }, '');
const importInput = h('input', { type: 'file', accept: 'application/json,.json', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true', id: 'import-file' });
buildToolbar();

start().catch((e) => { console.error(e); panel.fail(e.message || String(e)); });

async function start() {
  const engine = await loadEngine();
  state.engine = engine;
  performance.mark('openvalue:engine-ready'); // read by tests/browser/ui_bench.mjs
  let catalog = null;
  if (engine.has('catalog')) {
    try { catalog = normalizeCatalog(engine.catalog()); } catch (e) { console.error('catalog', e); }
  }
  metrics = new Metrics({ engine, onChange: () => { scheduleSave(); metrics.rate(state.metrics); lastOut = null; schedule(); }, state });
  form = new Form(els.form, {
    catalog,
    onEdit: () => { schedule(); scheduleSave(); },
    onTouch: () => schedule(),
    onStep: (step) => {
      if (state.doc && form) scheduleSave(true); // remembers the step; not worth a status line
      if (step === 'metrics') metrics.need();
      if (step === 'submit' && submitter) submitter.refresh();
    },
    metrics,
  });
  const draft = drafts.load();
  if (draft) {
    state.doc = draft.submission;
    state.metrics = draft.metrics || {};
    state.receipt = draft.receipt || null;
  }
  form.load(state.doc, { step: draft && draft.step, touchedAll: !!draft });
  mountSubmitter();
  performance.mark('openvalue:form-built');
  if (draft) setStatus(`Draft restored from this browser (saved ${when(draft.savedAt)})`);
  else setStatus('New draft: it is saved in this browser as you type');
  metrics.attach(panel);
  compute();
  host.ready(engine.version);
  metrics.rate(state.metrics);
  window.addEventListener('beforeprint', () => { buildAll(); for (const d of document.querySelectorAll('details')) { d.dataset.wasOpen = d.open; d.open = true; } });
  window.addEventListener('afterprint', () => { for (const d of document.querySelectorAll('details')) { d.open = d.dataset.wasOpen === 'true'; } });
  performance.mark('openvalue:ready');
  document.documentElement.dataset.ready = 'true';
}

function mountSubmitter() {
  submitter = new Submitter(form.submitBody, {
    engine: () => state.engine,
    current: () => ({ doc: state.doc, result: state.result && state.problems.length === 0 ? state.result : null, problems: state.problems, receipt: state.receipt }),
    showProblems: () => {
      form.touchAll();
      compute();
      if (state.problems.length && state.problems[0].target) form.reveal(state.problems[0].path);
    },
    onErrorDocument: (err) => { form.touchAll(); showInvalid(err); },
    onSubmitted: (answer) => {
      state.receipt = { id: answer.id, status: answer.status, at: answer.created_at };
      save();
      submitter.refresh();
      host.submitted(answer.id, answer.status);
    },
  });
}

/** schedule recomputes on the next frame: many edits in one frame cost one score(). */
function schedule() {
  if (state.queued) return;
  state.queued = true;
  requestAnimationFrame(() => { state.queued = false; compute(); });
}

let lastOut = null;
let lastTouched = -1;
function compute() {
  if (!state.engine || !form) return;
  const out = state.engine.scoreJSON(JSON.stringify(state.doc));
  // Most keystrokes (typing inside a text) leave the result's bytes unchanged: then nothing to
  // redraw, unless the set of fields whose problems are shown changed (a field was left).
  const touched = form.touched.size + (form.showAll ? 1e6 : 0);
  if (out === lastOut && touched === lastTouched) return;
  lastOut = out;
  lastTouched = touched;
  const res = JSON.parse(out);
  if (isError(res)) {
    showInvalid(res.error);
    host.result({ status: 'invalid', error: res.error });
  } else {
    state.problems = [];
    form.showErrors([]);
    panel.problems([]);
    state.result = res;
    panel.show(res);
    form.updateInfram(res);
    host.result({ status: 'ok', result: res, ratings: metrics ? metrics.last : null });
  }
  if (submitter) submitter.refresh();
}

function showInvalid(err) {
  const placed = form.showErrors(err.fields || []);
  state.problems = placed.length ? placed : [{ path: '', reason: err.message, target: null, visible: true }];
  panel.problems(state.problems.filter((p) => p.visible), err.message);
  if (!state.problems.some((p) => p.visible)) {
    // Only untouched, empty required fields: a gentle hint instead of a list of errors.
    panel.hint(state.problems);
  }
}

// ---------- drafts ----------

let saveQuiet = true;
function scheduleSave(quiet = false) {
  clearTimeout(saveTimer);
  saveQuiet = saveQuiet && quiet;
  saveTimer = setTimeout(() => save(saveQuiet), 300);
}

function save(quiet = false) {
  clearTimeout(saveTimer);
  saveQuiet = true;
  const at = drafts.save({ submission: state.doc, metrics: state.metrics, step: form ? form.step : null, receipt: state.receipt });
  if (!at) setStatus('This browser does not allow saving drafts; export the draft to keep it');
  else if (!quiet) setStatus(`Draft saved in this browser at ${when(at)}`);
}

function setStatus(text) { saved.textContent = text; }

function when(iso) {
  if (!iso) return 'earlier';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'earlier' : d.toLocaleString();
}

function adopt(draft, source) {
  if (!form) return;
  state.doc = draft.submission;
  // A review is added by a reviewer on the server, never by the hospital's form: a document
  // that carries one (e.g. a verified result's input) is edited and submitted without it.
  let note = '';
  if (state.doc && typeof state.doc === 'object' && 'review' in state.doc) {
    delete state.doc.review;
    note = ' (its reviewer decisions were left out)';
  }
  if (draft.metrics) state.metrics = draft.metrics;
  state.receipt = null;
  state.result = null;
  panel.forget();
  lastOut = null;
  form.load(state.doc, { step: draft.step || 'organization', touchedAll: true });
  mountSubmitter();
  compute();
  metrics.rate(state.metrics);
  save();
  setStatus(`Loaded from ${source}${note}; saved in this browser`);
}

function buildToolbar() {
  importInput.addEventListener('change', async () => {
    const file = importInput.files && importInput.files[0];
    importInput.value = '';
    if (!file) return;
    try {
      const draft = await drafts.readFile(file);
      adopt(draft, file.name);
    } catch (e) {
      setStatus(`Could not import ${file.name}: ${e.message}`);
    }
  });
  replace(els.toolbar,
    h('button', { type: 'button', id: 'export-draft', on: { click: () => {
      const name = drafts.exportFile({ submission: state.doc, metrics: state.metrics, step: form && form.step });
      setStatus(`Exported ${name}`);
    } } }, 'Export draft'),
    h('button', { type: 'button', id: 'import-draft', on: { click: () => importInput.click() } }, 'Import draft…'),
    importInput,
    h('button', { type: 'button', id: 'print', on: { click: () => window.print() } }, 'Print'),
    h('button', { type: 'button', class: 'danger', id: 'new-draft', on: { click: () => {
      if (!window.confirm('Start a new, empty draft? The current one is removed from this browser (export it first to keep it).')) return;
      drafts.discard();
      adopt({ submission: emptyDoc(), metrics: {}, step: 'organization' }, 'a new draft');
    } } }, 'New draft'),
    saved);
}
