import type { Locator, Page } from '@playwright/test'

import { DEMO_PASSWORD, expect, test } from './fixtures'

/*
 * The keyboard alone: Tab to move, Enter and Space to act, typing to fill.
 * No mouse clicks, no fill(): focus only ever moves by Tab.
 */

/**
 * Presses Tab until `target` has the focus (at most `max` times). A page
 * may hold many links (the home page lists every thread the worker's other
 * tests started), so the walk may go round once.
 */
async function tabTo(page: Page, target: Locator, max = 200) {
  await expect(target).toHaveCount(1)
  // The locator is resolved again on each press: a live page may re-render what it names.
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))
  throw new Error(`${max} presses of Tab never reached ${target}; the focus is on ${focused}`)
}

/** The focused element shows a focus indicator: an outline, or a box shadow. */
async function expectFocusIndicator(target: Locator) {
  await expect(target).toBeFocused()
  const style = await target.evaluate((el) => {
    const s = getComputedStyle(el)
    return {
      focusVisible: el.matches(':focus-visible'),
      outlineStyle: s.outlineStyle,
      outlineWidth: parseFloat(s.outlineWidth) || 0,
      boxShadow: s.boxShadow,
    }
  })
  expect(style.focusVisible, 'focus from the keyboard matches :focus-visible').toBe(true)
  const outlined = style.outlineStyle !== 'none' && style.outlineWidth > 0
  const shadowed = style.boxShadow !== 'none' && style.boxShadow !== ''
  expect(outlined || shadowed, `a visible focus indicator on ${target} (${JSON.stringify(style)})`).toBe(true)
}

test.describe('with the keyboard alone', () => {
  test('a member signs in, starts a thread and replies to it', async ({ page }) => {
    test.slow() // one key at a time
    const marker = Date.now().toString(36)
    const title = `Keyboard only thread ${marker}`
    await page.goto('/login')

    // The first stops: the skip link, then the header's first link, each with a focus ring.
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to content' })
    await expectFocusIndicator(skip)
    await expect(skip).toBeVisible()
    await page.keyboard.press('Tab')
    await expectFocusIndicator(page.getByRole('banner').getByRole('link').first())
    await expect(page.getByRole('banner').getByRole('link').first()).toHaveAccessibleName('Community home')

    // Sign in.
    await tabTo(page, page.getByLabel('Username or email'))
    await page.keyboard.type('chen')
    await tabTo(page, page.getByLabel('Password'))
    await page.keyboard.type(DEMO_PASSWORD)
    const signIn = page.getByRole('button', { name: 'Sign in' })
    await tabTo(page, signIn)
    await expectFocusIndicator(signIn)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('link', { name: 'Your profile, chen' })).toBeVisible()
    await expect(page).toHaveURL('/')

    // The header's New thread link.
    const newThread = page.getByRole('banner').getByRole('link', { name: 'New thread' })
    await tabTo(page, newThread)
    await expectFocusIndicator(newThread)
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL('/new')
    await expect(page.getByRole('heading', { level: 1, name: 'Start a thread' })).toBeVisible()

    // The category, chosen in the select by typing its name.
    const category = page.getByLabel('Category')
    await tabTo(page, category)
    await expectFocusIndicator(category)
    await page.keyboard.type('Getting')
    await expect(category).toHaveValue('getting-started')
    await expect(page.getByRole('radio', { name: 'Question' })).toBeChecked()
    await tabTo(page, page.getByLabel('Title'))
    await page.keyboard.type(title)
    await tabTo(page, page.getByLabel('Details'))
    await page.keyboard.type('Typed without a mouse.')
    const post = page.getByRole('button', { name: 'Post thread' })
    await tabTo(page, post)
    await expectFocusIndicator(post)
    await page.keyboard.press('Enter')

    // The thread page.
    await expect(page).toHaveURL(/\/t\/\d+\/keyboard-only-thread-[a-z0-9]+$/)
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
    await expect(page.locator('article#post-1')).toHaveAttribute('aria-label', 'Question by chen')
    await expect(page.locator('article#post-1')).toContainText('Typed without a mouse.')
    const threadPath = new URL(page.url()).pathname

    // A reply, posted with Space on the button.
    await tabTo(page, page.getByRole('textbox', { name: 'Reply' }))
    await page.keyboard.type(`Yes ${marker}, it does.`)
    const postReply = page.getByRole('button', { name: 'Post reply' })
    await tabTo(page, postReply)
    await expectFocusIndicator(postReply)
    await page.keyboard.press('Space')
    await expect(page).toHaveURL(`${threadPath}/2#post-2`)
    const reply = page.locator('article#post-2')
    await expect(reply).toHaveAttribute('aria-label', 'Reply 1 by chen')
    await expect(reply).toContainText(`Yes ${marker}, it does.`)
    await expect(page.getByRole('textbox', { name: 'Reply' })).toHaveValue('')
  })

  test('on a phone, the header menu opens, is walked and closes from the keyboard', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto('/')
    const menu = page.getByRole('banner').locator('summary', { hasText: 'Menu' })
    const nav = page.getByRole('banner').getByRole('navigation', { name: 'Main' })
    await tabTo(page, menu)
    await expectFocusIndicator(menu)
    await page.keyboard.press('Enter')
    await expect(nav).toBeVisible()
    await page.keyboard.press('Tab')
    await expect(nav.getByRole('link', { name: 'Home' })).toBeFocused()
    // Escape closes it and gives the focus back to its button.
    await page.keyboard.press('Escape')
    await expect(nav).toBeHidden()
    await expect(menu).toBeFocused()
    // Space opens it again; a link is followed with Enter.
    await page.keyboard.press('Space')
    const topHelpers = nav.getByRole('link', { name: 'Top helpers' })
    await tabTo(page, topHelpers, 5)
    await expectFocusIndicator(topHelpers)
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL('/leaderboard')
    await expect(page.getByRole('heading', { level: 1, name: 'Top helpers' })).toBeVisible()
    await expect(nav).toBeHidden()
  })
})
