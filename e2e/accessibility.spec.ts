import type { Page } from '@playwright/test'

import { expect, expectAccessible, startThread, test } from './fixtures'

/*
 * Every kind of page, checked with axe against WCAG 2.1 A/AA (serious and
 * critical violations fail), for a visitor and for a signed-in member, in the
 * light and then the dark colour scheme (switched in place, so a page reached
 * through a form keeps its state). The pages are checked explicitly, so the
 * automatic end-of-test check is off here.
 */
test.use({ checkAccessibility: false })

type Who = 'visitor' | 'alice'
type Check = {
  name: string
  who: Who[]
  /** Brings the page into the state to check (the page is already signed in when who is alice). */
  open: (page: Page, consoleErrors: { allowStatus: (...s: number[]) => void }) => Promise<void>
}

/** The first thread linked from the home page. */
async function openFirstThread(page: Page): Promise<string> {
  await page.goto('/')
  const link = page.getByRole('main').locator('a[href^="/t/"]').first()
  const title = (await link.textContent())!.trim()
  await link.click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  return new URL(page.url()).pathname
}

const checks: Check[] = [
  {
    name: 'home',
    who: ['visitor', 'alice'],
    open: async (page) => {
      await page.goto('/')
      await expect(page.getByRole('heading', { level: 1, name: 'Community' })).toBeVisible()
    },
  },
  {
    name: 'category',
    who: ['visitor', 'alice'],
    open: async (page) => {
      await page.goto('/c/getting-started')
      await expect(page.getByRole('heading', { level: 1, name: 'Getting started' })).toBeVisible()
    },
  },
  {
    name: 'category, unsolved filter',
    who: ['visitor', 'alice'],
    open: async (page) => {
      await page.goto('/c/getting-started?filter=unsolved')
      await expect(page.getByRole('navigation', { name: 'Filter threads' }).getByRole('link', { name: 'Unsolved' })).toHaveAttribute(
        'aria-current',
        'page',
      )
    },
  },
  {
    name: 'thread',
    who: ['visitor', 'alice'],
    open: async (page) => {
      await openFirstThread(page)
      await expect(page.locator('article.post').first()).toBeVisible()
    },
  },
  {
    name: 'thread, most helpful first',
    who: ['visitor', 'alice'],
    open: async (page) => {
      const path = await openFirstThread(page)
      await page.goto(`${path}?order=helpful`)
      await expect(page.getByRole('navigation', { name: 'Order of replies' }).getByRole('link', { name: 'Most helpful' })).toHaveAttribute(
        'aria-current',
        'page',
      )
    },
  },
  {
    name: 'new thread form',
    who: ['alice'],
    open: async (page) => {
      await page.goto('/new')
      await expect(page.getByRole('heading', { level: 1, name: 'Start a thread' })).toBeVisible()
    },
  },
  {
    name: 'new thread form with errors',
    who: ['alice'],
    open: async (page, consoleErrors) => {
      consoleErrors.allowStatus(400)
      await page.goto('/new')
      await page.getByRole('button', { name: 'Post thread' }).click()
      await expect(page.locator('#title-error')).not.toBeEmpty()
      await expect(page.getByRole('alert')).toHaveText('Please correct the fields marked below.')
    },
  },
  {
    name: 'join form',
    who: ['visitor'],
    open: async (page) => {
      await page.goto('/join')
      await expect(page.getByRole('heading', { level: 1, name: 'Join the community' })).toBeVisible()
    },
  },
  {
    name: 'join form with errors',
    who: ['visitor'],
    open: async (page, consoleErrors) => {
      consoleErrors.allowStatus(400)
      await page.goto('/join')
      await page.getByRole('button', { name: 'Create account' }).click()
      await expect(page.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true')
      await expect(page.locator('#username-error')).not.toBeEmpty()
    },
  },
  {
    name: 'sign-in form',
    who: ['visitor'],
    open: async (page) => {
      await page.goto('/login')
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
    },
  },
  {
    name: 'profile',
    who: ['visitor', 'alice'],
    open: async (page) => {
      await page.goto('/u/alice')
      await expect(page.getByRole('heading', { level: 1, name: 'alice' })).toBeVisible()
    },
  },
  {
    name: 'leaderboard',
    who: ['visitor', 'alice'],
    open: async (page) => {
      await page.goto('/leaderboard')
      await expect(page.getByRole('heading', { level: 1, name: 'Top helpers' })).toBeVisible()
    },
  },
  {
    name: 'page not found',
    who: ['visitor', 'alice'],
    open: async (page, consoleErrors) => {
      consoleErrors.allowStatus(404)
      await page.goto('/t/999999999')
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
    },
  },
  {
    name: 'edit own post',
    who: ['alice'],
    open: async (page) => {
      await startThread(page, {
        title: `Accessible editing ${Date.now().toString(36)}`,
        body: 'An opening post that alice will edit.',
      })
      await page.locator('article#post-1').getByRole('link', { name: 'Edit post #1' }).click()
      await expect(page).toHaveURL(/\/p\/\d+\/edit$/)
      await expect(page.getByRole('heading', { level: 1, name: 'Edit post #1' })).toBeVisible()
    },
  },
]

for (const who of ['visitor', 'alice'] as const) {
  const pages = checks.filter((c) => c.who.includes(who))
  test(`${who === 'visitor' ? 'a visitor' : 'signed in as alice'}: ${pages.length} kinds of page, light and dark`, async ({
    page,
    consoleErrors,
    signInAs,
  }) => {
    // One browser for all the pages (much faster than one test each); a
    // violation is reported for its page and the remaining pages are still checked.
    test.slow()
    if (who === 'alice') await signInAs(page, 'alice')
    for (const check of pages) {
      await test.step(check.name, async () => {
        await page.emulateMedia({ colorScheme: 'light' })
        await check.open(page, consoleErrors)
        if (who === 'alice') await expect(page.getByRole('link', { name: 'Your profile, alice' })).toBeVisible()
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme })
          expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark')
          await expectAccessible(page, `${check.name} (${colorScheme}, ${who})`, { soft: true })
        }
      })
    }
  })
}
