// The Worker's entry point (wrangler.toml "main"). It runs the Go program of build/app.wasm
// with the JS glue that workers-assets-gen generates into build/ (wasm_exec.js, runtime.mjs),
// like the generated build/worker.mjs, with one difference: it keeps the Go instance alive
// and hands it every request, where worker.mjs starts a new instance per request.
//
// Why: starting the Go runtime and the packages' initialization (the scoring catalog, the
// HTTP stack) costs tens of milliseconds of CPU, which worker.mjs pays on every request. That
// alone is over the 10 ms CPU a request gets on the Workers free plan, and it made the local
// worker some 50 times slower than a reused instance (docs/benchmarks.md, "Edge"). The Go side
// (serve_js.go) never exits, so the instance can be reused; the handler is stateless (no Store),
// so requests share nothing but the read-only configuration.
//
// The environment (the OPENVALUE_SIGNING_KEY secret) is read once, from the first request's
// env: a Worker's env is the same for every request of a deployment (a new secret makes a new
// deployment). The Go side sees the first request's ExecutionContext too, so syumai/workers'
// ctx-based helpers (waitUntil) must not be used; the handler uses none. If the Go program
// exits (a malformed secret, a crash), that request fails with 500 and the next one starts a
// fresh instance.
import "./build/wasm_exec.js";
import { createRuntimeContext, loadModule } from "./build/runtime.mjs";

// syumai/workers' Go side calls globalThis.tryCatch (as set up by the generated worker.mjs).
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (error) {
    return { error };
  }
};

let live; // Promise of the binding ({handleRequest}) of the running Go instance

async function start(env, ctx) {
  const mod = await loadModule();
  const go = new Go();
  const binding = {};
  let ready;
  const readyPromise = new Promise((resolve) => (ready = resolve));
  const instance = new WebAssembly.Instance(mod, {
    ...go.importObject,
    workers: { ready: () => ready() },
  });
  const exited = go.run(instance, createRuntimeContext({ env, ctx, binding })).then(
    () => new Error("the Go program exited; its panic or error is in the Worker's log"),
    (err) => err,
  );
  const first = await Promise.race([readyPromise.then(() => null), exited]);
  if (first) throw first; // exited (or threw) before serving: e.g. a malformed secret
  exited.then(() => {
    live = undefined; // crashed while serving: start afresh on the next request
  });
  return binding;
}

async function binding(env, ctx) {
  if (live === undefined) {
    live = start(env, ctx);
    live.catch(() => {
      live = undefined; // report the failure to this request, try again on the next
    });
  }
  return live;
}

export default {
  async fetch(req, env, ctx) {
    const b = await binding(env, ctx);
    return b.handleRequest(req);
  },
};
