// The one-file build: dist/glassbox.html, everything inside (JS, CSS, the engine worker, the wasm
// binaries and the demo model), so it opens by double-click from a USB stick (file://).
// Run after the normal build: `vite build && vite build -c vite.singlefile.config.ts` (npm run build).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const OUT = 'dist/.single';

/**
 * An inline <script> is blocked by `script-src 'self'`, so the one-file build's policy names each inline
 * script and style by its SHA-256 hash instead: still nothing from anywhere else, and no 'unsafe-inline'.
 */
function cspHashes(): Plugin {
  return {
    name: 'glassbox-csp-hashes',
    enforce: 'post',
    // On the written file, after vite-plugin-singlefile has inlined everything.
    closeBundle() {
      let html = fs.readFileSync(path.join(OUT, 'index.html'), 'utf8');
      const hash = (body: string) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
      const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).filter((b) => b.length > 0).map(hash);
      const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).map(hash);
      if (!scripts.length) throw new Error('one-file build: no inline script found to hash');
      html = html.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/, (_m, a: string, policy: string, z: string) =>
        a + policy.replace("script-src 'self'", `script-src 'self' ${scripts.join(' ')}`).replace("style-src 'self'", `style-src 'self' ${styles.join(' ')}`) + z,
      );
      // Beside the normal build, as dist/glassbox.html.
      fs.writeFileSync('dist/glassbox.html', html);
      fs.rmSync(OUT, { recursive: true, force: true });
    },
  };
}

export default defineConfig({
  base: './',
  publicDir: false,
  plugins: [react(), viteSingleFile({ removeViteModuleLoader: true }), cspHashes()],
  resolve: {
    alias: [{ find: /^\.\/spawn$/, replacement: './spawn.inline' }],
  },
  worker: { format: 'iife' },
  build: {
    target: 'es2022',
    outDir: OUT,
    emptyOutDir: true,
    chunkSizeWarningLimit: 16384,
    assetsInlineLimit: () => true,
  },
});
