import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  // Relative asset paths: the build works from any sub-path of a static host.
  base: './',
  plugins: [
    react(),
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
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    assetsInlineLimit: 0,
  },
  preview: { port: 5173, strictPort: true },
  server: { port: 5173 },
});
