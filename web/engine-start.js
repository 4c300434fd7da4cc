// engine-start.js: starts the openvalue engine as early as a page can. A page puts, first in
// <head>,
//
//   <link rel="preload" href="openvalue.wasm" as="fetch" type="application/wasm" crossorigin>
//   <script src="wasm_exec.js"></script>
//   <script src="engine-start.js"></script>
//
// and the engine is fetched, compiled and started while the rest of the page loads: engine.js's
// load() then takes over this start instead of beginning its own. The two scripts are
// parser-blocking on purpose: browsers fetch such scripts at high priority and run them at once,
// where deferred or async ones wait behind the page's module preloads. Without these tags load()
// does the same steps itself, only once the module graph up to engine.js has loaded
// (docs/benchmarks.md, "In-browser engine").
//
// A classic script (no import/export) so it runs before module scripts; engine.js imports it
// (as a module, for its side effect) when a page did not include it, so there is one copy of the
// start-up code. It defines
//
//   globalThis.openvalueStart(opts) -> Promise<OpenValueGlobal>
//     fetches (or takes opts.wasmBytes), compiles, instantiates and runs openvalue.wasm, and
//     resolves with globalThis.openvalue once Go's main has installed it. opts: base (URL the
//     defaults resolve against), wasmURL, wasmExecURL, wasmBytes, fetch — as engine.js's load() —
//     and response, a promise of the .wasm's Response when the caller has already asked for it.
//   globalThis.openvalueStarting: the promise of the start this script began, when it was
//     loaded by a <script> element (absent otherwise, and reset to null when that start failed).
//
// Each step is marked on the performance timeline as "openvalue:load:<step>" (start, response,
// wasm-exec, compiled, instantiated, run), which is how bench/engine.mjs breaks a cold start down.
(() => {
  if (typeof globalThis.openvalueStart === 'function') return;

  const mark = (step) => {
    if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(`openvalue:load:${step}`);
  };

  async function compile(response, url) {
    const resp = await response;
    mark('response');
    if (!resp.ok) throw new Error(`openvalue engine: GET ${url} answered ${resp.status}`);
    // Compile while the bytes arrive. Streaming needs Content-Type: application/wasm; decide on
    // the header rather than try and fall back, since a fallback needs resp.clone(), whose unread
    // copy would buffer the whole module a second time.
    const type = resp.headers.get('content-type') || '';
    if (typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/i.test(type)) {
      return WebAssembly.compileStreaming(resp);
    }
    return WebAssembly.compile(await resp.arrayBuffer());
  }

  async function start(opts = {}) {
    mark('start');
    const base = opts.base || (typeof location !== 'undefined' ? location.href : undefined);
    const fetchFn = opts.fetch || globalThis.fetch;
    // Fetch and compile the module while wasm_exec.js loads (when it is not loaded yet).
    const url = new URL(opts.wasmURL || 'openvalue.wasm', base);
    const compiled = opts.wasmBytes ? WebAssembly.compile(opts.wasmBytes) : compile(opts.response || fetchFn(url), url);
    if (typeof globalThis.Go !== 'function') {
      await import(new URL(opts.wasmExecURL || 'wasm_exec.js', base).href);
    }
    mark('wasm-exec');
    const go = new globalThis.Go();
    const module = await compiled;
    mark('compiled');
    const instance = await WebAssembly.instantiate(module, go.importObject);
    mark('instantiated');
    const ready = new Promise((resolve, reject) => {
      globalThis.__openvalueReady = resolve;
      // go.run settles only when the Go program exits, which a healthy engine never does.
      go.run(instance).then(
        () => reject(new Error('openvalue engine exited before it was ready')),
        (err) => reject(err));
    });
    // main() runs synchronously inside go.run up to its first block, so the global is
    // usually there already; the callback covers engines that finish setting up later.
    if (!globalThis.openvalue) await ready;
    delete globalThis.__openvalueReady;
    mark('run');
    const api = globalThis.openvalue;
    if (!api || typeof api.score !== 'function') throw new Error('openvalue engine did not install globalThis.openvalue');
    fastScore(api, instance.exports);
    return api;
  }

  // fastScore gives api.score a faster path with the same contract (a string in, the result or
  // error document out, never a throw): the engine's openvalue_score* exports (wasm/fast.go) take
  // the document as UTF-8 written straight into Go memory and leave the answer there, instead of
  // the syscall/js call, which registers and finalizes a JS value for the call's event, its
  // arguments and the string. Anything but a string, and strings past the core's 1 MiB limit, go
  // to the engine's own score as before. An engine without the exports keeps its own score.
  const maxDocument = 1 << 20; // scoring.MaxDocumentBytes: longer strings are refused anyway
  function fastScore(api, exports) {
    const input = exports.openvalue_score_input, run = exports.openvalue_score, output = exports.openvalue_score_output;
    const mem = exports.mem;
    if (typeof input !== 'function' || typeof run !== 'function' || typeof output !== 'function' || !(mem instanceof WebAssembly.Memory)) return;
    const slow = api.score;
    const encoder = new TextEncoder(), decoder = new TextDecoder(); // as wasm_exec.js: lone surrogates become U+FFFD
    api.score = function score(submissionJSON, ...rest) {
      if (typeof submissionJSON !== 'string' || submissionJSON.length > maxDocument) return slow.call(this, submissionJSON, ...rest);
      const room = submissionJSON.length * 3; // UTF-8 bytes per UTF-16 unit, at most
      const at = input(room); // may grow the memory: views are taken after each call
      const { written } = encoder.encodeInto(submissionJSON, new Uint8Array(mem.buffer, at, room));
      const n = run(written);
      const out = output(); // before reading mem.buffer, like every call into Go
      return decoder.decode(new Uint8Array(mem.buffer, out, n));
    };
  }

  globalThis.openvalueStart = start;
  const script = typeof document !== 'undefined' ? document.currentScript : null;
  if (script && script.src) {
    const p = start({ base: script.src });
    globalThis.openvalueStarting = p;
    // A failed early start is reported by load(), which may then retry from scratch.
    p.catch(() => { if (globalThis.openvalueStarting === p) globalThis.openvalueStarting = null; });
  }
})();
