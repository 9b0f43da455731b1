import { defineConfig } from 'vite';

/**
 * The operator's console: a static single-page app that the controller serves from
 * dist/console. Built with `vite build --config apps/console/vite.config.ts` from the
 * repository root (or from anywhere: every path here is relative to this file).
 */
const here = (relative: string) => decodeURIComponent(new URL(relative, import.meta.url).pathname);

export default defineConfig({
  root: here('.'),
  base: '/',
  // The repository root's public/ folder is not ours.
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      onLog(level, log, handler) {
        // react-router marks its modules "use client", which means nothing in a plain SPA.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: {
    // `vite --config apps/console/vite.config.ts` against a controller on :3000.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
