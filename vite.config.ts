import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import fs from 'node:fs';
import path from 'node:path';

/** The policy an HTML file states in its <meta http-equiv="Content-Security-Policy">, or undefined. */
function metaPolicy(html: string): string | undefined {
  return /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
}

/**
 * Where Glassbox serves itself (`npm start` = vite preview), every response carries a
 * Content-Security-Policy header, not only the page's <meta> tag: a header also binds what a meta tag cannot
 * reach, the service worker's script (sw.js) and any worker a future change might load by URL. The header
 * is the policy the built page states, so there is one policy, written once in index.html: an HTML file
 * gets its own (dist/glassbox.html names its inline scripts by hash), everything else index.html's.
 * Plain static hosts send no header; the blob-made engine worker (src/worker/spawn.ts) is closed there too.
 */
function previewCsp(): Plugin {
  return {
    name: 'glassbox-preview-csp',
    configurePreviewServer(server) {
      const outDir = path.resolve(server.config.root, server.config.build.outDir);
      const policyOf = (file: string) => (fs.existsSync(file) ? metaPolicy(fs.readFileSync(file, 'utf8')) : undefined);
      server.middlewares.use((req, res, next) => {
        const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        const file = path.join(outDir, pathname.endsWith('/') ? pathname + 'index.html' : pathname);
        const own = file.startsWith(outDir + path.sep) && file.endsWith('.html') ? policyOf(file) : undefined;
        const policy = own ?? policyOf(path.join(outDir, 'index.html'));
        if (!policy) throw new Error(`${outDir}/index.html states no Content-Security-Policy: run \`npm run build\``);
        res.setHeader('Content-Security-Policy', policy);
        next();
      });
    },
  };
}

/**
 * `GLASSBOX_ISOLATE=1 npm start`: every response also carries COOP/COEP, so the page is cross-origin isolated
 * and the engine may use tfjs-wasm's threaded build (core/backend/wasmThreads.ts keeps it only when it
 * measures faster). Everything Glassbox loads is its own origin, so require-corp costs nothing. Off by
 * default: on the 2-core machines measured, threads brought nothing (README, Performance), and tfjs's helper
 * threads are classic blob workers the privacy journey (e2e/privacy) does not yet account for.
 * `npm run bench -- --wasm-threads` turns it on for its own preview server.
 */
export function crossOriginIsolation(): Plugin {
  return {
    name: 'glassbox-cross-origin-isolation',
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
        res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
        next();
      });
    },
  };
}

/**
 * tfjs-backend-wasm's threaded build starts its helper threads from a blob holding
 * `wasmFactoryThreadedSimd.toString()`: the factory's source text must run on its own there. Bundled and
 * minified, it does not: the minifier drops the `typeof _scriptDir !== "undefined"` guard (the variable is
 * declared in the enclosing scope it can see) and turns the Node-only `require(...)` calls into a
 * module-level helper, so the helper thread dies with "ReferenceError: e is not defined" and
 * setBackend('wasm') never settles. In the browser build those are dead code: take them out before bundling.
 */
export function wasmThreadsSelfContained(): Plugin {
  return {
    name: 'glassbox-wasm-threads-self-contained',
    enforce: 'pre',
    transform(code, id) {
      if (!/tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/.test(id.split('?')[0])) return null;
      const out = code
        .replace(/typeof _scriptDir !== "undefined" && _scriptDir/g, 'false')
        .replace(/Module\["mainScriptUrlOrBlob"\]\|\|_scriptDir/g, 'Module["mainScriptUrlOrBlob"]')
        .replace(/\brequire\("(fs|os|path|perf_hooks|worker_threads)"\)/g, 'undefined')
        .replace(/\b__filename\b|\b__dirname\b/g, 'undefined');
      if (out === code) throw new Error('wasmThreadsSelfContained: tfjs-backend-wasm changed; check the threaded build by hand');
      return { code: out, map: null };
    },
  };
}

export default defineConfig({
  // Relative asset paths: the build works from any sub-path of a static host.
  base: './',
  plugins: [
    react(),
    previewCsp(),
    ...(process.env.GLASSBOX_ISOLATE === '1' ? [crossOriginIsolation()] : []),
    wasmThreadsSelfContained(),
    // A service worker precaches the app, the wasm binaries and the demo model, so after the first
    // visit the static site works with the network off. Registered from src/main.tsx (http(s) only).
    VitePWA({
      injectRegister: null,
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,json,bin,svg}'],
        globIgnores: ['glassbox.html', 'bench*'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: null,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  // Workers are bundled by their own plugin list: the engine and bench workers hold tfjs-backend-wasm.
  worker: { format: 'es', plugins: () => [wasmThreadsSelfContained()] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    assetsInlineLimit: 0,
  },
  preview: { port: 5173, strictPort: true },
  server: { port: 5173 },
});
