// The console's build: one static site (index.html + hashed files under /_console/, never /assets/, which is
// an API path). JSX goes through Vite's own transform (oxc); nothing runs inline, so the site works under a
// Content-Security-Policy without 'unsafe-inline'.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export const CONSOLE_ASSETS_DIR = '_console';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  resolve: {
    alias: [{ find: /^@ismf\/([a-z-]+)\/(.+)$/, replacement: resolve(import.meta.dirname, '../$1/src/$2.ts') }],
  },
  oxc: { jsx: { runtime: 'automatic', development: false } },
  // Always React's production build, whatever NODE_ENV the building process has (vitest sets it to `test`,
  // which Vite would follow into a development build of React).
  mode: 'production',
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: resolve(import.meta.dirname, '../../build/console'),
    emptyOutDir: true,
    assetsDir: CONSOLE_ASSETS_DIR,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    rolldownOptions: {
      // React Router marks its modules "use client" (for server components); a client-only build ignores it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
