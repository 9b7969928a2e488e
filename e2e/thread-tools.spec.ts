import type { Page } from '@playwright/test'

import { expect, startThread, test, uniqueName } from './fixtures'

/*
 * Staff thread tools, as sam (staff in the demo) uses them: pinning a thread
 * to the top of its category, and merging a thread into another, after which
 * the old addresses lead to the same posts in the target. Each test works on
 * threads of its own and unpins what it pinned, so other specs see the demo
 * lists as seeded.
 */

async function openTools(page: Page) {
  const tools = page.locator('details.staff-tools')
  await tools.locator('summary').click()
  await expect(tools).toHaveAttribute('open', '')
  return tools
}

/** The titles of a category's list, top first. */
function listTitles(page: Page) {
  return page.locator('.thread-list .thread-row__title')
}

test.describe('staff thread tools', () => {
  test('staff pin a thread and it leads its category, with a Pinned badge', async ({ page, signInAs }) => {
    test.slow() // two threads started through the form, then several page loads
    await signInAs(page, 'sam')
    const pinnedTitle = `Read this first: ${uniqueName('pin')}`
    const path = await startThread(page, { title: pinnedTitle, body: 'Everything a newcomer should know.' })
    const newer = `A newer question ${uniqueName('q')}`
    await startThread(page, { title: newer, body: 'This one is newer, so it would lead the list.' })

    await page.goto('/c/getting-started')
    await expect(listTitles(page).first()).toHaveText(newer)

    await page.goto(path)
    const tools = await openTools(page)
    await tools.getByLabel('Pin', { exact: true }).selectOption('category')
    await tools.getByLabel('Reason (optional, for the audit log)').first().fill('The newcomers’ guide')
    await tools.getByRole('button', { name: 'Save pin' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Thread pinned.' })).toBeVisible()
    await expect(page.locator('.thread-header').getByText('Pinned', { exact: true })).toBeVisible()

    await page.goto('/c/getting-started')
    await expect(listTitles(page).first()).toHaveText(pinnedTitle)
    await expect(page.locator('.thread-row').first().getByText('Pinned', { exact: true })).toBeVisible()
    await expect(listTitles(page).nth(1)).toHaveText(newer)

    // Leave the demo's list as it was.
    await page.goto(path)
    await (await openTools(page)).getByLabel('Pin', { exact: true }).selectOption('none')
    await page.getByRole('button', { name: 'Save pin' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Thread unpinned.' })).toBeVisible()
  })

  test('staff move a thread to the staff room: a visitor reading it is told it is gone, and the lists drop it', async ({
    page,
    newContext,
    signInAs,
    consoleErrors,
  }) => {
    test.slow()
    // The visitor's page asks for the thread again once it moved, and is told it is not there.
    consoleErrors.allowStatus(404)
    await signInAs(page, 'sam')
    const title = `Refund for a duplicate charge ${uniqueName('move')}`
    const path = await startThread(page, { category: 'billing', title, body: 'I was charged twice this month.' })

    const visitor = await (await newContext()).newPage()
    await visitor.goto('/c/billing')
    await expect(listTitles(visitor).filter({ hasText: title })).toHaveCount(1)
    await visitor.goto(path)
    await expect(visitor.getByRole('heading', { level: 1, name: title })).toBeVisible()

    const tools = await openTools(page)
    await tools.getByLabel('Move from Billing to').selectOption('staff-room')
    await tools.getByRole('button', { name: 'Move thread' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Thread moved to Staff room.' })).toBeVisible()
    await expect(page.locator('.thread-header').getByText('Staff only', { exact: true })).toBeVisible()

    // Without a reload, the visitor's page no longer shows the thread.
    await expect(visitor.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
    await expect(visitor.getByText('I was charged twice this month.')).toHaveCount(0)
    await visitor.goto('/c/billing')
    await expect(listTitles(visitor).filter({ hasText: title })).toHaveCount(0)
    expect((await visitor.goto(path))?.status()).toBe(404)
  })

  test('staff merge a thread into another, and its old post address lands on the post in the target', async ({ page, signInAs }) => {
    test.slow()
    await signInAs(page, 'sam')
    const targetTitle = `Exports time out on big workspaces ${uniqueName('t')}`
    const targetPath = await startThread(page, { title: targetTitle, body: 'Exports stop after a minute.' })
    const sourcePath = await startThread(page, {
      title: `Export fails for large accounts ${uniqueName('s')}`,
      body: 'Same problem here, asked again.',
    })
    const replyText = `Splitting the export by month works around it (${uniqueName('r')}).`
    await page.getByRole('textbox', { name: 'Reply' }).fill(replyText)
    await page.getByRole('button', { name: 'Post reply' }).click()
    await expect(page).toHaveURL(new RegExp(`${sourcePath}/2#post-2$`))

    const tools = await openTools(page)
    await tools.getByLabel('Merge this thread into (thread link or number)').fill(page.url().replace(sourcePath, targetPath))
    await tools.getByRole('button', { name: 'Merge into that thread' }).click()
    // The target had one post: the source's opening post is now its #2, the reply its #3.
    await expect(page).toHaveURL(new RegExp(`${targetPath}/2#post-2$`))
    await expect(page.getByRole('heading', { level: 1, name: targetTitle })).toBeVisible()

    await page.goto(`${sourcePath}/2`)
    await expect(page).toHaveURL(new RegExp(`${targetPath}/3$`))
    await expect(page.locator('article.post', { hasText: replyText })).toBeVisible()
    await page.goto(sourcePath)
    await expect(page).toHaveURL(new RegExp(`${targetPath}$`))
  })
})
