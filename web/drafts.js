// drafts.js: the hospital's draft lives in this browser only (localStorage), is saved on
// every change, and can be exported to / imported from a JSON file. Nothing here touches the
// network: export is a blob: download, import reads a local file.

const KEY = 'openvalue.draft.v1';
export const FORMAT = 'openvalue-draft';

/**
 * save stores the draft. draft: {submission, step}. Returns the savedAt ISO time, or null
 * when storage is unavailable (private mode, quota): the form keeps working without it.
 */
export function save(draft, storage = globalThis.localStorage) {
  const savedAt = new Date().toISOString();
  try {
    storage.setItem(KEY, JSON.stringify({ format: FORMAT, version: 1, savedAt, ...draft }));
    return savedAt;
  } catch {
    return null;
  }
}

/** load returns the stored draft {submission, step, savedAt} or null. */
export function load(storage = globalThis.localStorage) {
  try {
    const raw = storage.getItem(KEY);
    return raw ? parse(raw) : null;
  } catch {
    return null;
  }
}

/** discard forgets the stored draft. */
export function discard(storage = globalThis.localStorage) {
  try { storage.removeItem(KEY); } catch { /* nothing stored */ }
}

/**
 * parse reads a draft file: either our envelope {format:"openvalue-draft", submission, ...}
 * or a bare submission document (what `openvalue score` takes), so files move both ways
 * between the web form and the command line. Throws an Error with a readable message.
 */
export function parse(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`not a JSON file (${e.message})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the file must hold a JSON object');
  if (doc.format === FORMAT) {
    if (!doc.submission || typeof doc.submission !== 'object') throw new Error('the draft file has no "submission" object');
    return { submission: doc.submission, step: typeof doc.step === 'string' ? doc.step : null, savedAt: doc.savedAt || null };
  }
  return { submission: doc, step: null, savedAt: null };
}

/** exportFile offers the draft as a download named after the organization and date. */
export function exportFile(draft, doc = globalThis.document) {
  const body = JSON.stringify({ format: FORMAT, version: 1, savedAt: new Date().toISOString(), ...draft }, null, 2);
  const blob = new Blob([body + '\n'], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName(draft.submission);
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return a.download;
}

function fileName(sub) {
  const org = (sub && sub.organization && sub.organization.name) || 'draft';
  const slug = String(org).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'draft';
  return `openvalue-${slug}-${new Date().toISOString().slice(0, 10)}.json`;
}

/** readFile resolves with the parsed draft of a File chosen by the user. */
export async function readFile(file) {
  if (file.size > 4 << 20) throw new Error('the file is larger than 4 MB; a submission is much smaller');
  return parse(await file.text());
}
