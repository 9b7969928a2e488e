import type { Page } from '@playwright/test'

import { expect, expectAccessible, signIn, signInLink, test } from './fixtures'

/*
 * The sticky site header. On a phone it is one row, as on Discourse or
 * GitHub: the mark, New thread, the first account action and a menu that
 * holds the nav links and the second account action. On a wide screen the
 * links stay in the row and there is no menu.
 */
const PHONE = { width: 390, height: 844 }

function menuButton(page: Page) {
  return page.getByRole('banner').locator('summary', { hasText: 'Menu' })
}

function mainNav(page: Page) {
  return page.getByRole('banner').getByRole('navigation', { name: 'Main' })
}

async function headerHeight(page: Page) {
  return (await page.getByRole('banner').boundingBox())!.height
}

test.describe('on a phone', () => {
  test.use({ viewport: PHONE })

  test('the header is one row, and its menu leads to every section', async ({ page }) => {
    await page.goto('/')
    const banner = page.getByRole('banner')
    expect(await headerHeight(page)).toBeLessThan(64)
    await expect(banner.getByRole('link', { name: 'Community home' })).toBeVisible()
    await expect(banner.getByRole('link', { name: 'New thread' })).toBeVisible()
    await expect(signInLink(page)).toBeVisible()
    await expect(mainNav(page)).toBeHidden()

    await menuButton(page).click()
    await expect(mainNav(page).getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page')
    await expect(banner.getByRole('link', { name: 'Join' })).toBeVisible()
    // Open over the page, not pushing it down.
    expect(await headerHeight(page)).toBeLessThan(64)
    await expectAccessible(page, 'menu open')

    await mainNav(page).getByRole('link', { name: 'Ideas' }).click()
    await expect(page).toHaveURL('/ideas')
    await expect(page.getByRole('heading', { level: 1, name: 'Ideas' })).toBeVisible()
    // The header stays across the navigation; the menu closes behind it.
    await expect(mainNav(page)).toBeHidden()

    // A tap outside closes it too (here in the page's margin, clear of links).
    await menuButton(page).click()
    await expect(mainNav(page)).toBeVisible()
    await page.mouse.click(5, 400)
    await expect(mainNav(page)).toBeHidden()
    await expect(page).toHaveURL('/ideas')
  })

  test('a member sees their avatar in the row and signs out from the menu', async ({ page }) => {
    await signIn(page, 'admin')
    expect(await headerHeight(page)).toBeLessThan(64)
    await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeHidden()
    await menuButton(page).click()
    await expect(mainNav(page).getByRole('link', { name: 'Admin' })).toBeVisible()
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click()
    await expect(signInLink(page)).toBeVisible()
    await expect(page.getByRole('link', { name: 'Your profile, admin' })).toHaveCount(0)
  })
})

test('on a wide screen the links and account actions stay in the row', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto('/leaderboard')
  expect(await headerHeight(page)).toBeLessThan(64)
  await expect(menuButton(page)).toBeHidden()
  await expect(mainNav(page).getByRole('link', { name: 'Top helpers' })).toHaveAttribute('aria-current', 'page')
  await expect(signInLink(page)).toBeVisible()
  await expect(page.getByRole('banner').getByRole('link', { name: 'Join' })).toBeVisible()
})

test('on a tablet the header keeps one row, with the search field, and the links in the menu', async ({ page, signInAs }) => {
  await signInAs(page, 'sam')
  for (const width of [700, 900]) {
    await page.setViewportSize({ width, height: 800 })
    await page.goto('/ideas')
    expect(await headerHeight(page)).toBeLessThan(64)
    await expect(page.getByRole('searchbox', { name: 'Search the community' })).toBeVisible()
    await menuButton(page).click()
    await expect(mainNav(page).getByRole('link', { name: 'Ideas' })).toHaveAttribute('aria-current', 'page')
    await expect(mainNav(page).getByRole('link', { name: /Moderation/ })).toBeVisible()
  }
})
