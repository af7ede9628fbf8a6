import { defineConfig } from 'vitest/config';

/**
 * Test projects (all run by `npm test`):
 *  unit        plain Node: shared/ and main/ services, real processes and real files
 *  component   React components in happy-dom
 *  hostile     the adversarial suite (tests/hostile)
 *  parity      real third-party code (Debian packages, npm): each engine in place and through Hapyy, same findings
 *  e2e         the built renderer in Debian's Chromium with the real services behind the bridge
 *  electron    real Electron; skipped (and says so) where no Electron binary is installed
 */
export default defineConfig({
  test: {
    // The JSON report lets .ci/run print one plain closing line with the counts.
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest-results.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['tests/component/**/*.test.tsx'],
          setupFiles: ['tests/component/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'hostile',
          environment: 'node',
          include: ['tests/hostile/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'parity',
          environment: 'node',
          include: ['tests/parity/**/*.test.ts'],
          // Real engines on a few hundred files each; one file at a time keeps a 2-core machine responsive.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'electron',
          environment: 'node',
          include: ['tests/electron/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
