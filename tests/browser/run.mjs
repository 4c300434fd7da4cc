// run.mjs: runs every *.test.mjs in this folder with node's built-in test runner, after
// building the openvalue binary once (shared by all test files through $OPENVALUE_BIN).
//   node run.mjs                  all tests
//   node run.mjs golden perf      only files whose name contains one of the words
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const words = process.argv.slice(2);
const files = fs.readdirSync(here).filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => words.length === 0 || words.some((w) => f.includes(w))).sort();
if (files.length === 0) {
  console.error(`no *.test.mjs matching ${words.join(' ') || '(all)'} in ${here}`);
  process.exit(1);
}

const env = { ...process.env };
let tmp = null;
if (!env.OPENVALUE_BIN) {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openvalue-bin-'));
  env.OPENVALUE_BIN = path.join(tmp, 'openvalue');
  execFileSync('go', ['build', '-o', env.OPENVALUE_BIN, './cmd/openvalue'], {
    cwd: root, stdio: 'inherit', env: { ...env, CGO_ENABLED: '0' },
  });
}
// One file at a time: the machine is small and each file starts its own browser and server.
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files.map((f) => path.join(here, f))], {
  cwd: here, stdio: 'inherit', env,
});
if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
process.exit(r.status ?? 1);
