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
    maxWorkers: 2,
  },
})
