// lib.mjs: what every browser test needs, so each *.test.mjs stays about its subject.
//
// Stable API:
//   root, webDir, goldenDir, artifactsDir            absolute paths (repo root, web/, testdata/golden, tests/browser/artifacts)
//   goldenCases() -> [{name, input, output}]         every testdata/golden pair as raw strings (sorted by name)
//   launch() -> Browser                              Debian chromium, headless, with the flags from coord COMMON.md;
//                                                    playwright gives each launch a fresh temporary user-data-dir
//   launchPersistent(dir?) -> {context, userDataDir, close()}
//                                                    the same flags with an explicit user-data-dir (fresh temp dir
//                                                    unless given), for tests that restart the browser on one profile
//   startServer({kind?}) -> {origin, kind, close()}  `openvalue serve` on a free 127.0.0.1 port with a temp SQLite
//                                                    DB (binary built once per run; $OPENVALUE_BIN reuses one), or, when
//                                                    the binary has no `serve` command (or kind: 'static'), a static
//                                                    file server over web/ with the right MIME types
//   recordRequests(contextOrPage) -> Request[]       live array of {url, method, resourceType, postData, headers}
//   screenshot(page, name) -> path                   full-page PNG in artifacts/<name>.png
//   blankPage(page, origin)                          navigates page to an empty HTML document on origin (served by
//                                                    playwright routing, so no app code runs; engine.js etc. are real)
//   percentile(sortedNumbers, p) -> number           nearest-rank percentile, for benchmarks
//
// Every helper cleans up what it made in close(); tests call close() in t.after / finally.

import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const webDir = path.join(root, 'web');
export const goldenDir = path.join(root, 'testdata', 'golden');
export const artifactsDir = path.join(here, 'artifacts');

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
// The flags agreed for every browser test (coord COMMON.md): no network of its own, no GPU, no sandbox (root).
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function goldenCases() {
  return fs.readdirSync(goldenDir).filter((f) => f.endsWith('.in.json')).sort().map((f) => {
    const name = f.slice(0, -'.in.json'.length);
    return {
      name,
      input: fs.readFileSync(path.join(goldenDir, f), 'utf8'),
      output: fs.readFileSync(path.join(goldenDir, `${name}.out.json`), 'utf8'),
    };
  });
}

export function launch() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

export async function launchPersistent(dir) {
  const userDataDir = dir || fs.mkdtempSync(path.join(os.tmpdir(), 'openvalue-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath, headless: true, args: chromiumArgs,
  });
  return {
    context, userDataDir,
    async close() {
      await context.close();
      if (!dir) fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// The binary is built at most once per process; run.mjs builds it once for all test files.
let binary = null;
function openvalueBinary() {
  if (process.env.OPENVALUE_BIN) return process.env.OPENVALUE_BIN;
  if (!binary) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openvalue-bin-'));
    binary = path.join(dir, 'openvalue');
    execFileSync('go', ['build', '-o', binary, './cmd/openvalue'], {
      cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CGO_ENABLED: '0' },
    });
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return binary;
}

export function hasServe(bin = openvalueBinary()) {
  let out = '';
  try {
    out = execFileSync(bin, ['help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    out = String(e.stdout || '');
  }
  return /^\s+serve\s/m.test(out);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitUp(origin, child, ms = 20000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`openvalue serve exited with ${child.exitCode}`);
    try {
      const r = await fetch(origin + '/');
      await r.arrayBuffer();
      return;
    } catch (_) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`server at ${origin} did not answer within ${ms} ms`);
}

export async function startServer({ kind } = {}) {
  const bin = kind === 'static' ? null : openvalueBinary();
  if (bin && hasServe(bin)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openvalue-serve-'));
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const child = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--db', path.join(dir, 'test.db')], {
      cwd: dir, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    try {
      await waitUp(origin, child);
    } catch (e) {
      child.kill('SIGKILL');
      throw new Error(`${e.message}\n${stderr}`);
    }
    return {
      origin, kind: 'openvalue', stderr: () => stderr,
      async close() {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
          if (child.exitCode === null) child.kill('SIGKILL');
        }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  return startStatic();
}

const mime = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

// startStatic serves web/ read-only; "/" is index.html when it exists, else an empty page.
export async function startStatic(dir = webDir) {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(u.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir + path.sep) || req.method !== 'GET' || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      if (rel === '/index.html') {
        res.writeHead(200, { 'content-type': mime['.html'] });
        return res.end('<!doctype html><title>openvalue</title>');
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'content-type': mime[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin, kind: 'static', stderr: () => '',
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

export function recordRequests(target) {
  const list = [];
  target.on('request', (r) => {
    list.push({ url: r.url(), method: r.method(), resourceType: r.resourceType(), postData: r.postData(), headers: r.headers() });
  });
  return list;
}

export async function screenshot(page, name) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function blankPage(page, origin, html = '<!doctype html><meta charset="utf-8"><title>blank</title>') {
  const url = `${origin}/__blank.html`;
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(url);
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
