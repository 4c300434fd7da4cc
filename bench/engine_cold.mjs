// bench/engine_cold.mjs: cold page load -> engine ready with no DevTools session on the page.
//
//   node --experimental-websocket bench/engine_cold.mjs [RUNS]     (Node 22 needs no flag)
//
// bench/engine.mjs and bench/engine_pages.mjs drive Chromium with Playwright, which attaches a
// DevTools session to every page it opens (network, runtime and page events); a visitor's browser
// has none. Here one headless Chromium is started with a debugging port and driven only with
// browser-level commands (Target.createBrowserContext, createTarget, disposeBrowserContext): each
// load happens in a fresh browser context (empty caches, a new renderer) that nothing is attached
// to, and the page itself posts its timing back to this script's static server over web/.
//
// Pages (each RUNS times, interleaved, the order rotating):
//   app     web/index.html as it is, with a reporter script put first in <head> that waits for
//           app.js's "openvalue:engine-ready" mark
//   early   a page with only index.html's three engine tags and a module that calls load()
//   blank   a page whose only content is the reporter: when a page's first script can run at all
//
// Times are ms since navigation start (performance.now() in the page), as the other benches.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const runs = Number(process.argv[2] || 11);
if (typeof WebSocket !== 'function') {
  console.error('engine_cold.mjs needs a WebSocket client: run it with node --experimental-websocket (Node 20) or Node 22');
  process.exit(2);
}
if (!fs.existsSync(path.join(web, 'openvalue.wasm'))) {
  console.error('web/openvalue.wasm is missing: make build first');
  process.exit(2);
}

// The reporter: posts {ready, steps} once the page marks openvalue:engine-ready (at once for
// blank). Steps are engine-start.js's openvalue:load:* marks.
const reporter = (immediate) => `<script>(() => {
  const send = (ready) => {
    const steps = {};
    for (const e of performance.getEntriesByType('mark')) {
      if (e.name.startsWith('openvalue:load:')) steps[e.name.slice(15)] = e.startTime;
    }
    fetch('/__timing', { method: 'POST', body: JSON.stringify({ ready, steps }) });
  };
  ${immediate ? 'send(performance.now());' : `new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'openvalue:engine-ready') send(e.startTime);
  }).observe({ type: 'mark', buffered: true });`}
})();</script>`;
const pages = {
  app: () => fs.readFileSync(path.join(web, 'index.html'), 'utf8').replace('<head>', `<head>\n${reporter(false)}`),
  early: () => `<!doctype html><meta charset="utf-8"><title>early</title>
${reporter(false)}
<link rel="preload" href="/openvalue.wasm" as="fetch" type="application/wasm" crossorigin>
<script src="/wasm_exec.js"></script>
<script src="/engine-start.js"></script>
<script type="module">
import { load } from '/engine.js';
load().then(() => performance.mark('openvalue:engine-ready'));
</script>`,
  blank: () => `<!doctype html><meta charset="utf-8"><title>blank</title>\n${reporter(true)}`,
};

const mime = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
};
let deliver = null;
const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  if (req.method === 'POST' && u.pathname === '/__timing') {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { res.end(); if (deliver) deliver(JSON.parse(body)); });
    return;
  }
  // The app at "/" (index.html's URLs are relative), the others under /__page/.
  const page = u.pathname === '/' ? 'app' : (u.pathname.match(/^\/__page\/(\w+)$/) || [])[1];
  if (page && pages[page]) {
    res.writeHead(200, { 'content-type': mime['.html'], 'cache-control': 'no-cache' });
    return res.end(pages[page]());
  }
  const file = path.join(web, path.normalize(decodeURIComponent(u.pathname)));
  if (!file.startsWith(web + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'content-type': mime[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-cold-'));
const chrome = spawn(process.env.CHROMIUM || '/usr/bin/chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank',
], { stdio: 'ignore', detached: true });
const stop = () => {
  try { process.kill(-chrome.pid, 'SIGKILL'); } catch { /* gone */ }
  // Chromium's zygote and renderers leave the process group; they all name the profile.
  try { execFileSync('pkill', ['-9', '-f', profile]); } catch { /* none left */ }
  server.close();
};
try {
  let active;
  for (let i = 0; i < 200 && !active; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try { active = fs.readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n'); } catch { /* not yet */ }
  }
  if (!active) throw new Error('chromium did not open its debugging port');
  const ws = new WebSocket(`ws://127.0.0.1:${active[0]}${active[1]}`);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  let id = 0;
  const waiting = new Map();
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (waiting.has(m.id)) { waiting.get(m.id)(m); waiting.delete(m.id); }
  };
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    const n = ++id;
    waiting.set(n, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
    ws.send(JSON.stringify({ id: n, method, params }));
  });

  const names = Object.keys(pages);
  const got = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length];
      const { browserContextId } = await send('Target.createBrowserContext');
      const timing = new Promise((r) => { deliver = r; });
      await send('Target.createTarget', { url: name === 'app' ? `${origin}/` : `${origin}/__page/${name}`, browserContextId });
      const t = await Promise.race([timing, new Promise((r) => setTimeout(() => r(null), 30000))]);
      deliver = null;
      await send('Target.disposeBrowserContext', { browserContextId });
      if (t) got[name].push(t);
      else console.error(`${name}: no timing within 30 s`);
    }
  }
  const median = (xs) => { const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const stepNames = ['start', 'response', 'compiled', 'instantiated', 'run'];
  console.log(`${new Date().toISOString()}, load average ${os.loadavg()[0].toFixed(1)}; headless chromium, ${runs} fresh contexts per page, no DevTools session on the pages; ms since navigation start:`);
  for (const name of names) {
    const r = got[name].map((t) => t.ready).sort((a, b) => a - b);
    if (r.length === 0) continue;
    const steps = stepNames.map((s) => [s, median(got[name].map((t) => t.steps[s]))]).filter(([, v]) => v !== undefined);
    console.log(`  ${name.padEnd(5)} ready median ${median(r).toFixed(0)} ms (p25 ${r[Math.floor(r.length / 4)].toFixed(0)}, p75 ${r[Math.floor(3 * r.length / 4)].toFixed(0)}, min ${r[0].toFixed(0)})` +
      (steps.length ? `; steps ${steps.map(([s, v]) => `${s} ${v.toFixed(0)}`).join(', ')}` : ''));
  }
} finally {
  stop();
  fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
process.exit(0);
