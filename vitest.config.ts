import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'app/**/*.test.ts',
      'db/**/*.test.ts',
      'seeds/**/*.test.ts',
      'server/**/*.test.ts',
      'search/**/*.test.ts',
      'mail/**/*.test.ts',
      'uploads/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files share a worker's loaded modules: each file still gets its own database and
    // server, and importing the app once per worker instead of once per file halves the run.
    isolate: false,
    maxWorkers: 2,
  },
})
