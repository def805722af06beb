import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` proxies the APIs to a hub on :8080; `npm run build` writes dist/, which the hub serves.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@outpost/protocol': fileURLToPath(new URL('../protocol/src/index.ts', import.meta.url)) },
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/downloads': 'http://127.0.0.1:8080' },
  },
});
