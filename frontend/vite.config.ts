/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The backend serves the built SPA and the API on one origin; in `npm run dev` Vite stands in for
// the SPA half and forwards the API to a backend started with `qcdc serve` on its default port.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8000',
    },
    // The period names come from the server's words, written beside the contract.
    fs: { allow: ['.', '../openapi'] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // scripts/route-size.mjs reads it to measure what a first visit downloads.
    manifest: true,
    // ECharts is one lazily loaded chunk of ~570 kB (190 kB gzipped), fetched only where a chart is drawn.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        // React and the router change less often than our code: their own chunk stays cached across releases.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
