import type { Locator, Page } from '@playwright/test'

import { expect, startThread, test, uniqueName } from './fixtures'

/*
 * Live: what one person does appears on the pages others have open, without
 * a reload, once, and nothing is lost while a reader's network is down.
 */

type Marked = { __noReload?: boolean }

/** Marks the page: if it reloads, the mark is gone. */
async function markNoReload(page: Page) {
  await page.evaluate(() => ((window as Marked).__noReload = true))
}

async function expectNoReload(page: Page) {
  expect(await page.evaluate(() => (window as Marked).__noReload)).toBe(true)
}

function posts(page: Page, text: string): Locator {
  // Replies only: the opening post quotes the accepted answer.
  return page.locator('article.post:not(.post--opening)', { hasText: text })
}

async function replyOn(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Reply' }).fill(text)
  await page.getByRole('button', { name: 'Post reply' }).click()
  await expect(posts(page, text)).toHaveCount(1)
}

test.describe('live thread pages', () => {
  test.beforeEach(() => test.slow())

  test('a reply, a vote, an accepted answer and a lock reach the other reader without a reload', async ({ page, newContext, signInAs }) => {
    // Alice asks; Sam (staff) answers from his own browser.
    await signInAs(page, 'alice')
    const title = `Can exports run on a schedule? ${uniqueName('q')}`
    const path = await startThread(page, { title, body: 'We export every Monday by hand.' })
    const sam = await (await newContext()).newPage()
    await signInAs(sam, 'sam')
    await sam.goto(path)
    await markNoReload(page)
    await expect(page.getByText('2 people reading')).toBeVisible({ timeout: 15_000 })

    // Sam starts typing: Alice sees it, Sam does not see himself.
    await sam.getByRole('textbox', { name: 'Reply' }).pressSequentially('Yes')
    await expect(page.getByText('sam is typing…')).toBeVisible()
    await expect(sam.getByText(/is typing…/)).toHaveCount(0)

    // His reply appears on Alice's page, once, with her buttons (she may accept, not edit).
    const answer = `Yes: Settings → Exports → Schedule. ${uniqueName('a')}`
    await sam.getByRole('textbox', { name: 'Reply' }).fill(answer)
    await sam.getByRole('button', { name: 'Post reply' }).click()
    await expect(posts(sam, answer)).toHaveCount(1)
    const onAlice = posts(page, answer)
    await expect(onAlice).toHaveCount(1)
    await expect(onAlice.getByRole('button', { name: /Accept/ })).toBeVisible()
    await expect(onAlice.getByRole('link', { name: /^Edit/ })).toHaveCount(0)
    await expect(page.getByText('sam is typing…')).toHaveCount(0)

    // Alice finds it helpful and accepts it: Sam sees the count and the Solved mark.
    await onAlice.getByRole('button', { name: /^Helpful\b/ }).click()
    await expect(posts(sam, answer).locator('.post__footer')).toContainText('1')
    await onAlice.getByRole('button', { name: /Accept/ }).click()
    await expect(sam.getByRole('complementary', { name: 'Accepted answer' })).toContainText('Solved')
    await expect(posts(sam, answer)).toContainText('Accepted answer')

    // Sam locks the thread: Alice's reply box closes at once.
    await sam.getByRole('button', { name: 'Lock thread' }).click()
    await expect(page.getByText('This thread is locked; it takes no new replies.')).toBeVisible()
    await expect(page.getByRole('textbox', { name: 'Reply' })).toHaveCount(0)
    await expectNoReload(page)
    // Sam's page took the opening post's text from its markup, and kept it through every live refresh.
    await expect(sam.locator('article#post-1 .prose')).toHaveText('We export every Monday by hand.')
    // A post's author link leads to their profile without a page load.
    await markNoReload(sam)
    await sam.locator('article#post-1').getByRole('link', { name: 'alice' }).click()
    await expect(sam).toHaveURL('/u/alice')
    await expect(sam.getByRole('heading', { level: 1 })).toContainText('alice')
    await expectNoReload(sam)
  })

  test('a reader whose network drops gets every reply posted meanwhile, in order, once', async ({ page, newContext, signInAs }) => {
    await signInAs(page, 'alice')
    const title = `Offline catch-up ${uniqueName('t')}`
    const path = await startThread(page, { kind: 'Discussion', title, body: 'Talk among yourselves.' })
    const reader = await (await newContext()).newPage()
    await signInAs(reader, 'bruno')
    await reader.goto(path)
    await markNoReload(reader)
    await expect(reader.getByText('2 people reading')).toBeVisible({ timeout: 15_000 })

    await reader.context().setOffline(true)
    await expect(reader.getByText('Live updates paused: reconnecting…')).toBeVisible()
    const replies = [`First while away ${uniqueName('r')}`, `Second while away ${uniqueName('r')}`]
    for (const text of replies) await replyOn(page, text)
    await reader.context().setOffline(false)

    await expect(reader.getByText('Live updates are back.')).toBeVisible({ timeout: 15_000 })
    for (const text of replies) await expect(posts(reader, text)).toHaveCount(1)
    const order = await reader.locator('article.post').allTextContents()
    expect(order.findIndex((t) => t.includes(replies[0]))).toBeLessThan(order.findIndex((t) => t.includes(replies[1])))
    await expectNoReload(reader)
  })
})

test.describe('live lists', () => {
  test('a new thread is announced on the home page and shown when asked', async ({ page, newContext, signInAs }) => {
    test.slow()
    await page.goto('/')
    await markNoReload(page)
    const author = await (await newContext()).newPage()
    await signInAs(author, 'dana')
    const title = `Announced live ${uniqueName('t')}`
    await startThread(author, { kind: 'Discussion', title, body: 'Hello everyone.' })
    const latest = page.getByRole('region', { name: 'Latest activity' })
    await expect(latest.getByRole('link', { name: title })).toHaveCount(0)
    await page.getByRole('button', { name: '1 new thread: show' }).click()
    await expect(latest.getByRole('link', { name: title })).toBeVisible()
    await expectNoReload(page)
  })
})
