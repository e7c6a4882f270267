/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console's own build: src/web is the root, the output goes to dist/web (orchd serves it at
 * `/`); hashed file names under assets/ let orchd cache them for a year. `vitest` reads the same
 * file for the component tests (happy-dom).
 */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
  },
  test: {
    root: here,
    environment: 'happy-dom',
    include: ['**/*.test.{ts,tsx}'],
    setupFiles: ['./testing/vitest-setup.ts'],
    restoreMocks: true,
    // Two shared cores: rendering Mantine under load takes seconds, not milliseconds.
    testTimeout: 20_000,
  },
});
