#!/usr/bin/env node
// `npm test`: lint, type-check, unit tests (Node), slow tests (Node), build, e2e journeys (Chromium). Ends
// with one line "N passed, N failed" adding up unit, slow and e2e tests (a failing lint, type-check or build
// counts as one failure each), and exits non-zero on any failure.
// Steps can be picked: `npm test -- unit` (the fast developer loop), `npm test -- lint typecheck`,
// `npm test -- slow`, `npm test -- build`, `npm test -- e2e` (builds first).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'test-results');
fs.mkdirSync(out, { recursive: true });
const STEPS = ['lint', 'typecheck', 'unit', 'slow', 'build', 'e2e'];
const only = process.argv.slice(2); // e.g. `npm test -- unit` or `npm test -- e2e`
const unknown = only.filter((s) => !STEPS.includes(s));
if (unknown.length) {
  console.error(`Unknown step ${unknown.join(', ')}: choose from ${STEPS.join(', ')}.`);
  process.exit(2);
}
const want = (step) => only.length === 0 || only.includes(step);

let passed = 0;
let failed = 0;
const summary = [];
// The failed tests by name, printed just above the last line: CI keeps only the tail of the log.
const failures = [];

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
    for (const f of j.testResults ?? []) {
      const file = path.relative(root, f.name ?? '');
      for (const t of f.assertionResults ?? []) {
        if (t.status !== 'failed') continue;
        const why = String((t.failureMessages ?? [])[0] ?? '').split('\n').find((l) => l.trim()) ?? '';
        failures.push(`${name}: ${file} > ${t.fullName ?? t.title}${why ? `: ${why.trim().slice(0, 300)}` : ''}`);
      }
      // A file that failed outside its tests (a hook, an import, an unhandled error).
      if (f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed')) {
        failures.push(`${name}: ${file}: ${String(f.message ?? '').split('\n')[0].slice(0, 300) || 'failed outside its tests'}`);
      }
    }
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
function vitest(name, file, config) {
  const f = path.join(out, file);
  fs.rmSync(f, { force: true });
  const ok = run(name, 'npx', ['vitest', 'run', ...(config ? ['-c', config] : []), '--reporter=default', '--reporter=json', `--outputFile=${f}`]);
  countVitest(name, f, ok);
}

if (want('unit')) vitest('unit tests (Node)', 'unit.json');
if (want('slow')) vitest('slow tests (Node: pointing games, bench smoke)', 'slow.json', 'vitest.slow.config.ts');
if (want('build') || want('e2e')) {
  const built = run('build (dist/ and the one-file dist/glassbox.html)', 'npm', ['run', 'build']);
  if (!built) failed += 1;
  else if (want('e2e')) vitest('e2e journeys (Chromium)', 'e2e.json', 'vitest.e2e.config.ts');
}

console.log('\n' + summary.join('\n'));
if (failures.length) console.log(`failed:\n  ${failures.join('\n  ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
