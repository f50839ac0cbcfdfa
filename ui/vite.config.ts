/**
 * Vite configuration of the replay app: root ui/, output ui/dist (gitignored), the dependency
 * cache inside ui/ (gitignored). Relative asset paths so the built app works from any URL prefix
 * (kafkasim replay serves it at /, the tests from a temporary directory).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  cacheDir: fileURLToPath(new URL('./.vite-cache', import.meta.url)),
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
