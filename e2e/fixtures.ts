import { readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Cookie, type Page } from '@playwright/test'

import { startSession } from '../app/domain/auth/session.server'
import { createSql, type Sql } from '../db/client'
import { findUserByUsername } from '../db/queries/users'
import { readMail, type ReadMail } from '../mail/eml'
import { claimKind, releaseKind } from './axe-kinds'
import { e2eServers, type E2eServer } from './servers'

/*
 * Shared fixtures for the end-to-end specs.
 *
 * Every page a test opens (the default `page` and any page in a context made
 * with `newContext`) is watched for console errors and uncaught exceptions;
 * the test fails if any occurred. A test that provokes an error on purpose
 * (a 404 page, a form answered with 400) declares it with `consoleErrors.allow`.
 *
 * The default `page` is also checked with axe (WCAG 2.1 A/AA) in the state the
 * test leaves it in: a serious or critical violation fails the test. A test
 * that has a reason to skip it says `test.use({ checkAccessibility: false })`.
 *
 * Each worker has a forum server and database of its own (`baseURL` is set
 * here, not in the config), so a test sees only the writes of its own worker.
 * `signInAs` starts a session in that database and hands its cookie to a
 * browser: for tests where signing in is not what they test.
 */

export const DEMO_PASSWORD = 'community-demo'
export const NEW_PASSWORD = 'correct-horse-battery'

export class ConsoleErrors {
  readonly seen: string[] = []
  // Remix logs a data request the router cancelled (the reader moved on
  // while it was on its way) before dropping it; nothing is wrong.
  private readonly allowed: RegExp[] = [/^AbortError: signal is aborted without reason/]

  /** Accepts console errors matching the pattern (e.g. a 4xx the test provoked). */
  allow(pattern: RegExp) {
    this.allowed.push(pattern)
  }

  /** Accepts "Failed to load resource" errors for these HTTP statuses. */
  allowStatus(...statuses: number[]) {
    for (const status of statuses) this.allow(new RegExp(`Failed to load resource: the server responded with a status of ${status}\\b`))
  }

  watch(page: Page) {
    page.on('console', (message) => {
      if (message.type() !== 'error') return
      const text = message.text()
      if (this.allowed.some((pattern) => pattern.test(text))) return
      const where = message.location().url
      this.seen.push(`console.error: ${text}${where ? ` (${where})` : ''}`)
    })
    page.on('pageerror', (error) => {
      this.seen.push(`pageerror: ${error.stack ?? error.message}`)
    })
  }
}

/** The WCAG 2.1 A and AA rules; only these impacts fail a check. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const FAILING_IMPACTS = new Set(['serious', 'critical'])

let axeScript: string | undefined
function axeSource(): string {
  return (axeScript ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'))
}

/** Whether the page runs timers, i.e. was not opened with JavaScript disabled. */
async function runsScripts(page: Page): Promise<boolean> {
  const probe = page.evaluate(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 0)))
  return Promise.race([probe, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000))])
}

/** Runs axe (WCAG 2.1 A/AA) on a page whose scripts run. */
async function analyze(page: Page) {
  // Colours caught half-way through a transition (a colour-scheme switch, the
  // flash on a linked post) would make the contrast check flaky.
  await page.evaluate(() =>
    Promise.race([
      Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))),
      new Promise((resolve) => setTimeout(resolve, 3_000)),
    ]),
  )
  // axe-core goes into the page once (minified); AxeBuilder would evaluate the
  // full 1.3 MB source twice on every check. Legacy mode runs axe in the page
  // itself: this app has no iframes, and the default mode opens an extra blank
  // page per check. Together about four times faster.
  if (!(await page.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === 'function'))) await page.evaluate(axeSource())
  return new AxeBuilder({ page, axeSource: ';' }).withTags(AXE_TAGS).setLegacyMode().analyze()
}

/**
 * axe waits on timers, and a page opened with JavaScript disabled runs none:
 * check a copy of its document instead, scripts removed, served at the same
 * address (so the same styles apply) in a scripting page of the same size and
 * colour scheme.
 */
async function analyzeCopy(page: Page) {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, '')
  const { dark, width, height } = await page.evaluate(() => ({
    dark: matchMedia('(prefers-color-scheme: dark)').matches,
    width: innerWidth,
    height: innerHeight,
  }))
  const context = await page
    .context()
    .browser()!
    .newContext({ colorScheme: dark ? 'dark' : 'light', viewport: { width, height } })
  try {
    const copy = await context.newPage()
    await copy.route('**/*', (route) =>
      route.request().isNavigationRequest() ? route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }) : route.continue(),
    )
    await copy.goto(page.url(), { waitUntil: 'load' })
    return await analyze(copy)
  } finally {
    await context.close()
  }
}

/**
 * Runs axe on the page as it is now and fails on any serious or critical
 * WCAG 2.1 A/AA violation, listing rule, help and the offending elements.
 * With `soft`, the test goes on and fails at its end (to check more pages).
 */
export async function expectAccessible(page: Page, label?: string, { soft = false }: { soft?: boolean } = {}) {
  await page.waitForLoadState('domcontentloaded')
  const results = (await runsScripts(page)) ? await analyze(page) : await analyzeCopy(page)
  const violations = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''))
  const where = `${label ? `${label}: ` : ''}${page.url()}`
  const report = violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((node) => {
          const summary = (node.failureSummary ?? '').split('\n').slice(1, 2).join('').trim()
          return `    - ${node.target.join(' ')}${summary ? `  (${summary})` : ''}`
        })
        .join('\n')
      const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : ''
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`
    })
    .join('\n')
  const check = soft ? expect.soft : expect
  check(violations.length, `accessibility violations on ${where}\n${report}`).toBe(0)
}

/** The mail this worker's forum server has sent (written as .eml files, as with no SMTP_URL). */
export interface Mailbox {
  /** Every mail so far, oldest first. */
  list(): Promise<ReadMail[]>
  /** The newest mail to this address (and with this subject), waiting up to 10 s for one to arrive. */
  waitFor(to: string, subject?: string | RegExp): Promise<ReadMail>
}

function mailboxAt(folder: string): Mailbox {
  const list = async () => {
    const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith('.eml')).sort()
    return Promise.all(names.map(async (name) => readMail(await readFile(path.join(folder, name), 'utf8'))))
  }
  return {
    list,
    async waitFor(to, subject) {
      const matches = (mail: ReadMail) =>
        mail.to.toLowerCase().includes(to.toLowerCase()) &&
        (subject === undefined || (typeof subject === 'string' ? mail.subject === subject : subject.test(mail.subject)))
      const deadline = Date.now() + 10_000
      for (;;) {
        const found = (await list()).filter(matches).at(-1)
        if (found) return found
        if (Date.now() > deadline) throw new Error(`mailbox: no mail to ${to}${subject ? ` with subject ${subject}` : ''} within 10 s`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    },
  }
}

type Fixtures = {
  /** The mail this worker's server sent; see Mailbox. */
  mailbox: Mailbox
  /** Run `expectAccessible` on `page` at the end of the test (on unless E2E_AXE=off). */
  checkAccessibility: boolean
  consoleErrors: ConsoleErrors
  /** Another browser (its own cookies), watched like `page`, closed after the test. */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>
  /** Signs a browser (a context, or a page's context) in as an existing user, without the sign-in form. */
  signInAs: (browser: BrowserContext | Page, username: string) => Promise<void>
}

type WorkerFixtures = {
  /** This worker's own forum server. */
  forumServer: E2eServer
  /** A small pool on the worker's database. */
  database: Sql
}

/** A Set-Cookie value as a Playwright cookie for `baseURL`'s host. */
function parseSetCookie(header: string, baseURL: string): Cookie {
  const [pair, ...parts] = header.split(';').map((part) => part.trim())
  const eq = pair.indexOf('=')
  const attributes = new Map(
    parts.map((part) => {
      const i = part.indexOf('=')
      return i < 0 ? [part.toLowerCase(), ''] : [part.slice(0, i).toLowerCase(), part.slice(i + 1)]
    }),
  )
  const sameSite = { strict: 'Strict', lax: 'Lax', none: 'None' } as const
  const maxAge = attributes.get('max-age')
  const expires = maxAge
    ? Date.now() / 1000 + Number(maxAge)
    : attributes.has('expires')
      ? Date.parse(attributes.get('expires')!) / 1000
      : -1
  return {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
    domain: new URL(baseURL).hostname,
    path: attributes.get('path') || '/',
    expires,
    httpOnly: attributes.has('httponly'),
    secure: attributes.has('secure'),
    sameSite: sameSite[(attributes.get('samesite') ?? 'lax').toLowerCase() as keyof typeof sameSite] ?? 'Lax',
  }
}

/**
 * What a final page is, for axe: its route (ids and slugs left out), whether
 * someone is signed in, its colour scheme and width, and which states it
 * shows (invalid fields, alerts, notices, open menus), as each may have
 * markup of its own.
 */
async function pageKind(page: Page): Promise<string> {
  const url = new URL(page.url())
  const route = url.pathname
    .replace(/\/t\/\d+\/[^/]+/, '/t/:id/:slug')
    .replace(/\d+/g, ':n')
    .replace(/\/(u|c)\/[^/]+/, '/$1/:name')
  const state = await page
    .evaluate(() => ({
      signedIn: Boolean(document.querySelector('a[aria-label^="Your profile"]')),
      dark: matchMedia('(prefers-color-scheme: dark)').matches,
      width: innerWidth,
      states: ['[aria-invalid="true"]', '[role="alert"]', '.notice', 'details[open]', 'dialog[open]', '.post--held', '.post--hidden']
        .filter((selector) => document.querySelector(selector))
        .join(','),
    }))
    .catch(() => null)
  return JSON.stringify({ route, query: [...url.searchParams.keys()].sort(), state })
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  forumServer: [
    async ({}, use, workerInfo) => {
      // parallelIndex, unlike workerIndex, stays the same when a worker is replaced after a failure.
      const server = e2eServers[workerInfo.parallelIndex]
      if (!server) {
        throw new Error(
          `Worker ${workerInfo.parallelIndex + 1} has no server of its own: run at most ${e2eServers.length} workers, or list more ports in E2E_PORTS.`,
        )
      }
      await use(server)
    },
    { scope: 'worker' },
  ],
  database: [
    async ({ forumServer }, use) => {
      const url = process.env[forumServer.databaseUrlEnv]
      if (!url) throw new Error(`${forumServer.databaseUrlEnv} is not set: the forum servers are started by playwright.config.ts.`)
      const sql = createSql(url, { max: 2 })
      await use(sql)
      await sql.end({ timeout: 5 })
    },
    { scope: 'worker' },
  ],
  mailbox: async ({ forumServer }, use) => {
    const folder = process.env[forumServer.mailDirEnv]
    if (!folder) throw new Error(`${forumServer.mailDirEnv} is not set: the forum servers are started by playwright.config.ts.`)
    await use(mailboxAt(folder))
  },
  baseURL: async ({ forumServer }, use) => {
    await use(forumServer.baseURL)
  },
  consoleErrors: async ({}, use, testInfo) => {
    const errors = new ConsoleErrors()
    await use(errors)
    if (errors.seen.length && testInfo.status === testInfo.expectedStatus) {
      await testInfo.attach('console-errors', {
        body: errors.seen.join('\n'),
        contentType: 'text/plain',
      })
    }
    expect(errors.seen, 'console errors or uncaught exceptions in the browser').toEqual([])
  },
  checkAccessibility: [process.env.E2E_AXE !== 'off', { option: true }],
  page: async ({ page, consoleErrors, checkAccessibility }, use, testInfo) => {
    consoleErrors.watch(page)
    await use(page)
    // The page as the test left it; not worth checking after a failure already.
    if (!checkAccessibility || testInfo.status !== testInfo.expectedStatus) return
    if (page.isClosed() || page.url() === 'about:blank') return
    // A kind of page in a state already checked in this run is not checked again:
    // axe is the slowest step of a test, and most tests end on the same few pages.
    const kind = await pageKind(page)
    if (!claimKind(kind)) return
    try {
      await base.step('accessibility of the final page', () => expectAccessible(page, 'end of test'), { box: true })
    } catch (error) {
      // Checked again when the test is retried.
      releaseKind(kind)
      throw error
    }
  },
  newContext: async ({ browser, consoleErrors, baseURL }, use) => {
    const contexts: BrowserContext[] = []
    await use(async (options = {}) => {
      const context = await browser.newContext({ baseURL, ...options })
      context.on('page', (p) => consoleErrors.watch(p))
      contexts.push(context)
      return context
    })
    for (const context of contexts) await context.close()
  },
  signInAs: async ({ database, baseURL }, use) => {
    await use(async (browser, username) => {
      const user = await findUserByUsername(database, username)
      if (!user) throw new Error(`signInAs: there is no user ${username}`)
      // The session module makes the token, stores its hash and names the cookie, as at a real sign-in.
      const setCookie = await startSession(database, user.id, new URL(baseURL!).protocol === 'https:')
      const context = 'goto' in browser ? browser.context() : browser
      await context.addCookies([parseSetCookie(setCookie, baseURL!)])
    })
  },
})

export { expect }

/** A username nobody has used yet (at most 30 characters). */
export function uniqueName(prefix = 'newbie'): string {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  return `${prefix}_${suffix}`.slice(0, 30)
}

/** Signs in through /login; waits until the header shows the user. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login')
  await page.getByLabel('Username or email').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('link', { name: `Your profile, ${username}` })).toBeVisible()
}

/** Creates a fresh account through /join and returns its username (the browser is signed in). */
export async function join(page: Page, prefix = 'newbie'): Promise<string> {
  const username = uniqueName(prefix)
  await page.goto('/join')
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Email').fill(`${username}@example.com`)
  await page.getByLabel('Password').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL('/')
  await expect(page.getByRole('link', { name: `Your profile, ${username}` })).toBeVisible()
  return username
}

/**
 * Marks a member who joined through the form as trusted, straight in the
 * worker's database, so their posts are public at once: for tests about
 * something other than newcomers' held posts (factories make trusted users too).
 */
export async function markTrusted(database: Sql, username: string): Promise<void> {
  const updated = await database`update users set trusted_at = now() where lower(username) = lower(${username}) returning id`
  if (!updated.length) throw new Error(`markTrusted: there is no user ${username}`)
}

/** Confirms a member's address straight in the worker's database, as following the emailed link would. */
export async function confirmEmail(database: Sql, username: string): Promise<void> {
  const updated = await database`update users set email_verified_at = now() where lower(username) = lower(${username}) returning id`
  if (!updated.length) throw new Error(`confirmEmail: there is no user ${username}`)
}

/** Starts a thread through /new and returns its URL path (the page is on the thread). */
export async function startThread(
  page: Page,
  { category = 'getting-started', kind = 'Question', title, body }: { category?: string; kind?: string; title: string; body: string },
): Promise<string> {
  await page.goto('/new')
  await page.getByLabel('Category').selectOption(category)
  await page.getByRole('radio', { name: kind }).check()
  await page.getByLabel('Title').fill(title)
  await page.getByLabel('Details').fill(body)
  await page.getByRole('button', { name: 'Post thread' }).click()
  await expect(page).toHaveURL(/\/t\/\d+\/[a-z0-9-]+$/)
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  return new URL(page.url()).pathname
}

/** The signed-out header. */
export function signInLink(page: Page) {
  return page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true })
}
