import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const apiTarget = process.env.SWITCHBOARD_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: here('./src/web'),
  base: '/',
  publicDir: false,
  // No React plugin: esbuild's automatic JSX runtime is all the app needs.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    manifest: true,
    minify: process.env.WEB_MINIFY !== '0',
    rollupOptions: {
      onwarn(warning, warn) {
        // Radix and Tiptap mark their modules "use client" for React Server Components; a client-only
        // bundle has no use for the directive, and Rollup dropping it is expected. Every other warning stays.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && /['"]use client['"]/.test(warning.message)) return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite` for development: the API and the stream go to a running server.
    proxy: { '/api': { target: apiTarget, ws: true } },
  },
});
