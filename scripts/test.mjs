#!/usr/bin/env node
// `npm test`: lint, type-check, unit tests (Node), build, e2e journeys (Chromium). Ends with one line
// "N passed, N failed" adding up unit and e2e tests (a failing lint, type-check or build counts as one
// failure each), and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'test-results');
fs.mkdirSync(out, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- unit` or `npm test -- e2e`
const want = (step) => only.length === 0 || only.includes(step);

let passed = 0;
let failed = 0;
const summary = [];

function run(name, cmd, args) {
  const t0 = Date.now();
  console.log(`\n── ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  const ok = r.status === 0;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return ok;
}

function countVitest(name, file, ok) {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    if (!ok && j.numFailedTests === 0) failed += 1; // e.g. a file that failed to load
    if (j.numTotalTests === 0) {
      console.error(`${name}: no tests ran`);
      failed += 1;
    }
  } catch {
    console.error(`${name}: no results written (${file})`);
    failed += 1;
  }
}

function step(name, cmd, args) {
  if (!run(name, cmd, args)) failed += 1;
}

if (want('lint')) step('lint', 'npx', ['eslint', '.']);
if (want('typecheck')) step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
if (want('unit')) {
  const f = path.join(out, 'unit.json');
  fs.rmSync(f, { force: true });
  const ok = run('unit tests (Node)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${f}`]);
  countVitest('unit tests', f, ok);
}
if (want('e2e')) {
  const built = run('build (dist/ and the one-file dist/glassbox.html)', 'npm', ['run', 'build']);
  if (!built) failed += 1;
  else {
    const f = path.join(out, 'e2e.json');
    fs.rmSync(f, { force: true });
    const ok = run('e2e journeys (Chromium)', 'npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile=${f}`]);
    countVitest('e2e tests', f, ok);
  }
}

console.log('\n' + summary.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
