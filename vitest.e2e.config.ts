import { defineConfig } from 'vitest/config';

// Real docker and k3d: slow, needs the internet for images and charts, and
// is skipped with a message where either is missing.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 10 * 60_000,
    fileParallelism: false,
    reporters: ['verbose'],
  },
});
