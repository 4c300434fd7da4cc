// engine.js: loads the openvalue scoring engine (the Go core compiled to WebAssembly) and
// returns a small typed API over globalThis.openvalue. No scoring rule lives here: every
// number comes from the same Go code that `openvalue score` and the server run.
//
// Stable API (types in engine.d.ts):
//
//   import { load, isError } from './engine.js';
//   const engine = await load(opts?);   // idempotent: later calls return the same engine
//     opts.wasmURL      URL of openvalue.wasm   (default: beside this module; relative URLs
//     opts.wasmExecURL  URL of Go's wasm_exec.js  resolve against this module, not the page)
//     opts.wasmBytes    the .wasm as a BufferSource, instead of fetching it (Node, tests)
//     opts.fetch        fetch function (default: globalThis.fetch)
//   engine.version                          {methodology, build}
//   engine.readyMs                          milliseconds from load() to a ready engine
//   engine.scoreJSON(json)              ->  string: exactly the bytes `openvalue score` prints
//   engine.score(input)                 ->  Result | ErrorDocument  (input: object or JSON string)
//   engine.catalogJSON()                ->  string: the INFRAM criteria catalog (domains, stages, criteria)
//   engine.catalog()                    ->  Catalog
//   engine.rateHospitalJSON(inJSON, snapJSON) -> string      (when the build has ratings)
//   engine.rateHospital(input, snapshot)      -> RatingResult | ErrorDocument
//   engine.verifyReceiptJSON(rJSON, kJSON)    -> string      (when the build has receipts)
//   engine.verifyReceipt(receipt, keys)       -> ReceiptVerification | ErrorDocument
//   engine.has(name)                    ->  whether globalThis.openvalue has that function
//                                           (a build without one answers not_found documents)
//   isError(doc)                        ->  true for {"error": {...}} documents
//
// Starting early: a page that also has engine-start.js in its <head> (see that file) gets the
// engine fetched, compiled and running while its modules load; load() then resolves with that
// engine. Each start-up step is marked on the performance timeline ("openvalue:load:<step>").
//
// Nothing is sent anywhere: the only requests are the GETs of openvalue.wasm, wasm_exec.js and
// engine-start.js.
// The engine never throws for bad input; it answers with the error document instead. load()
// rejects only when the engine cannot be fetched or started.

const here = new URL('.', import.meta.url);
let loading = null;

/** @param {import('./engine').LoadOptions} [opts] */
export function load(opts = {}) {
  if (!loading) {
    loading = start(opts);
    loading.catch(() => { loading = null; }); // a failed load may be retried
  }
  return loading;
}

/** @returns {doc is import('./engine').ErrorDocument} */
export function isError(doc) {
  return doc !== null && typeof doc === 'object' && 'error' in doc && typeof doc.error === 'object';
}

async function start(opts) {
  const t0 = performance.now();
  const own = opts.wasmURL || opts.wasmExecURL || opts.wasmBytes || opts.fetch;
  let api;
  if (!own && globalThis.openvalueStarting) {
    // The page loaded engine-start.js, which began while the modules were still loading.
    api = await globalThis.openvalueStarting;
  } else {
    // The start-up code is shared with engine-start.js; imported only here, so a page that loads
    // engine-start.js as a classic script does not fetch it a second time as a module. The .wasm
    // is asked for first, so its download does not wait for that import.
    let response;
    if (typeof globalThis.openvalueStart !== 'function') {
      if (!opts.wasmBytes) response = (opts.fetch || globalThis.fetch)(new URL(opts.wasmURL || 'openvalue.wasm', here));
      response?.catch(() => {}); // reported by openvalueStart, which awaits it
      await import(new URL('engine-start.js', import.meta.url).href);
    }
    api = await globalThis.openvalueStart({ ...opts, base: here.href, response });
  }
  return makeEngine(api, performance.now() - t0);
}

function text(v) { return typeof v === 'string' ? v : JSON.stringify(v); }

// The cohort snapshot is large and the same on every call: stringify a given object once, so
// the engine sees the same string and reuses what it parsed (wasm/api.go, export.keep).
const snapshots = new WeakMap();
function snapshotText(v) {
  if (typeof v === 'string' || v === null || typeof v !== 'object') return text(v);
  let s = snapshots.get(v);
  if (s === undefined) { s = JSON.stringify(v); snapshots.set(v, s); }
  return s;
}

function makeEngine(api, readyMs) {
  const call = (name, ...args) => {
    if (typeof api[name] !== 'function') {
      return JSON.stringify({ error: { code: 'not_found', message: `this engine build has no ${name}`, fields: [] } });
    }
    return api[name](...args);
  };
  return Object.freeze({
    version: Object.freeze({ methodology: api.version.methodology, build: api.version.build }),
    readyMs,
    has: (name) => typeof api[name] === 'function',
    scoreJSON: (json) => call('score', json),
    score: (input) => JSON.parse(call('score', text(input))),
    catalogJSON: () => call('catalog'),
    catalog: () => JSON.parse(call('catalog')),
    rateHospitalJSON: (inputJSON, snapshotJSON) => call('rateHospital', inputJSON, snapshotJSON),
    rateHospital: (input, snapshot) => JSON.parse(call('rateHospital', text(input), snapshotText(snapshot))),
    verifyReceiptJSON: (receiptJSON, keysJSON) => call('verifyReceipt', receiptJSON, keysJSON),
    verifyReceipt: (receipt, keys) => JSON.parse(call('verifyReceipt', text(receipt), text(keys))),
  });
}
