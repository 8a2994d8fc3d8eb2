#!/usr/bin/env node
// Finds a Chromium for the e2e tests and benchmarks, or says in one line how to get one.
// Browser downloads (npx playwright install) do not work on these machines: Debian's chromium does.
import fs from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].filter(Boolean);

export function findChromium() {
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const p = findChromium();
  if (!p) {
    console.error('No Chromium found: install it with `sudo apt-get install -y chromium` (or set CHROMIUM_PATH).');
    process.exit(1);
  }
  console.log(p);
}
