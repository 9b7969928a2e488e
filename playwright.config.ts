import { defineConfig } from '@playwright/test'

import { e2eServers, READY_LINE } from './e2e/servers'

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  globalSetup: './e2e/global-setup.ts',
  // Files run in parallel, each worker on its own server and database (see
  // e2e/servers.ts); the tests of one file run in order in one worker.
  fullyParallel: false,
  workers: e2eServers.length,
  // A test that fails is run once more; one that then passes is reported as
  // flaky in the list and the summary, never hidden.
  retries: 1,
  // Multi-browser journeys on 2 shared cores can take a while; the slowest stays well under this.
  timeout: 60_000,
  expect: { timeout: 7_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    // baseURL is the worker's own server: a fixture in e2e/fixtures.ts.
    // Recorded only when a failed test is run again: recording every test costs the browser a third of its time.
    trace: 'on-first-retry',
    // The forum honours reduced motion (app.css): no post flash or transition for the software-rendered browser to paint
    // frame by frame, and nothing for the accessibility check to wait out.
    reducedMotion: 'reduce',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: e2eServers.map(({ port, databaseUrlEnv, mailDirEnv }) => ({
    name: `forum :${port}`,
    command: `tsx e2e/serve.ts`,
    // Ready when serve.ts says so; the line carries the database URL and the
    // mail folder, kept in the environment the workers inherit (the session
    // fixture writes to the one, the mailbox fixture reads the other).
    wait: { stdout: new RegExp(`^${READY_LINE} (?<${databaseUrlEnv}>\\S+) mail (?<${mailDirEnv}>\\S+)$`, 'm') },
    env: { PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 15_000 },
  })),
})
