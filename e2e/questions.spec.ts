import type { Locator, Page } from '@playwright/test'

import { expect, expectAccessible, join, markTrusted, startThread, test } from './fixtures'

/*
 * Questions that get solved: answers, helpful votes, the accepted answer,
 * "me too", and the reputation and badges they earn (15 points for an
 * accepted answer, 10 per helpful vote, 2 per "me too").
 */

type Marked = { __noReload?: boolean }

/** Posts a reply through the thread's reply form and waits for it to show. */
async function reply(page: Page, threadPath: string, text: string): Promise<Locator> {
  await page.goto(threadPath)
  await page.getByRole('textbox', { name: 'Reply' }).fill(text)
  await page.getByRole('button', { name: 'Post reply' }).click()
  await expect(page).toHaveURL(new RegExp(`${threadPath}/\\d+#post-\\d+$`))
  const post = page.locator('article.post', { hasText: text })
  await expect(post).toBeVisible()
  return post
}

/** The number next to a term in a profile's stats. */
function stat(page: Page, term: string): Locator {
  return page.locator('dl.stats > div', { has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) }).locator('dd')
}

function helpfulButton(post: Locator): Locator {
  return post.getByRole('button', { name: /^Helpful\b/ })
}

test.describe('a question gets solved', () => {
  // Three or four people, each in their own browser: more than the default time under load.
  test.beforeEach(() => test.slow())

  test('answers, a helpful vote, an accepted answer, and the answerer’s reputation and badges', async ({
    database,
    page,
    newContext,
    signInAs,
  }) => {
    // A customer asks in Getting started.
    const asker = await join(page, 'asker')
    await markTrusted(database, asker)
    const title = `Where do I find my API key, ${asker}?`
    const threadPath = await startThread(page, { title, body: 'I looked under Settings but cannot find the API key anywhere.' })

    // Two new members answer, each in their own browser.
    const first = await (await newContext()).newPage()
    const helper = await join(first, 'helper')
    await markTrusted(database, helper)
    const helperText = `Settings → Developer → API keys, ${helper}.`
    await reply(first, threadPath, helperText)
    const second = await (await newContext()).newPage()
    const other = await join(second, 'other')
    await markTrusted(database, other)
    await reply(second, threadPath, `Ask your workspace admin, ${other}; members cannot see keys.`)

    // Bruno finds the first answer helpful: the count changes in place, no page load.
    const bruno = await (await newContext()).newPage()
    await signInAs(bruno, 'bruno')
    await bruno.goto(threadPath)
    await expect(bruno).toHaveURL(threadPath)
    const helpful = helpfulButton(bruno.locator('article#post-2'))
    await expect(bruno.locator('article#post-2')).toHaveAttribute('aria-label', `Reply 1 by ${helper}`)
    await expect(helpful).toHaveAttribute('aria-pressed', 'false')
    await expect(helpful.locator('.count-pill')).toHaveText('0')
    await bruno.evaluate(() => {
      ;(window as Marked).__noReload = true
    })
    const saved = bruno.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(threadPath))
    await helpful.click()
    await expect(helpful).toHaveAttribute('aria-pressed', 'true')
    await expect(helpful.locator('.count-pill')).toHaveText('1')
    expect((await saved).ok()).toBe(true)
    await expect(helpful.locator('.count-pill')).toHaveText('1')
    expect(await bruno.evaluate(() => (window as Marked).__noReload), 'the page was not reloaded').toBe(true)
    await expect(bruno).toHaveURL(threadPath)
    // The other answer is untouched, and bruno cannot accept: he did not ask.
    await expect(helpfulButton(bruno.locator('article#post-3')).locator('.count-pill')).toHaveText('0')
    await expect(bruno.getByRole('button', { name: /Accept as answer/ })).toHaveCount(0)
    // The vote is stored.
    await bruno.reload()
    await expect(helpful).toHaveAttribute('aria-pressed', 'true')
    await expect(helpful.locator('.count-pill')).toHaveText('1')

    // The asker accepts the helpful answer.
    await page.reload()
    await expect(helpfulButton(page.locator('article#post-2')).locator('.count-pill')).toHaveText('1')
    await expect(page.getByRole('button', { name: /Accept as answer/ })).toHaveCount(2)
    await expect(page.locator('.thread-header').getByText('✓ Solved')).toHaveCount(0)
    await page.getByRole('button', { name: 'Accept as answer (reply #2)' }).click()
    await expect(page).toHaveURL(new RegExp(`${threadPath}/2#post-2$`))

    // The question is marked solved, with the accepted answer summarised under it.
    await expect(page.locator('.thread-header').getByText('✓ Solved')).toBeVisible()
    const summary = page.locator('article#post-1').getByRole('complementary', { name: 'Accepted answer' })
    await expect(summary).toBeVisible()
    await expect(summary).toContainText(`Accepted answer by ${helper}`)
    await expect(summary).toContainText('Settings → Developer → API keys')
    await expect(summary.getByRole('link', { name: 'Jump to the answer (#2)' })).toBeVisible()
    const accepted = page.locator('article#post-2')
    await expect(accepted.getByText('✓ Accepted answer')).toBeVisible()
    await expect(accepted.getByRole('button', { name: 'Unmark accepted answer (reply #2)' })).toBeVisible()
    await expect(page.locator('article#post-3').getByText('✓ Accepted answer')).toHaveCount(0)
    await expect(page.getByRole('button', { name: /Accept as answer/ })).toHaveCount(1)

    // The category's Solved filter lists it, marked solved; Unsolved does not.
    await page.goto('/c/getting-started')
    await page.getByRole('navigation', { name: 'Filter threads' }).getByRole('link', { name: 'Solved', exact: true }).click()
    await expect(page).toHaveURL('/c/getting-started?filter=solved')
    const row = page.locator('li.thread-row', { has: page.getByRole('link', { name: title, exact: true }) })
    await expect(row).toBeVisible()
    await expect(row).toContainText('✓ Solved')
    await page.goto('/c/getting-started?filter=unsolved')
    await expect(page.getByRole('navigation', { name: 'Filter threads' }).getByRole('link', { name: 'Unsolved' })).toHaveAttribute(
      'aria-current',
      'page',
    )
    await expect(page.getByRole('link', { name: title, exact: true })).toHaveCount(0)

    // The answerer earned 15 + 10 points and two badges.
    await page.goto(`/u/${helper}`)
    await expect(page.getByRole('heading', { level: 1, name: helper })).toBeVisible()
    await expect(stat(page, 'Reputation')).toHaveText('25')
    await expect(stat(page, 'Answers')).toHaveText('1')
    await expect(stat(page, 'Accepted answers')).toHaveText('1')
    const badges = page.getByRole('region', { name: 'Badges' }).getByRole('listitem')
    await expect(badges.filter({ hasText: 'Problem solver' })).toHaveCount(1)
    await expect(badges.filter({ hasText: 'First reply' })).toHaveCount(1)

    // The other answerer: a first reply, no points.
    await page.goto(`/u/${other}`)
    await expect(stat(page, 'Reputation')).toHaveText('0')
    await expect(stat(page, 'Accepted answers')).toHaveText('0')
    const otherBadges = page.getByRole('region', { name: 'Badges' }).getByRole('listitem')
    await expect(otherBadges.filter({ hasText: 'First reply' })).toHaveCount(1)
    await expect(otherBadges.filter({ hasText: 'Problem solver' })).toHaveCount(0)
  })

  test('only the asker can accept; another member says “I have this question too”', async ({ database, page, newContext, signInAs }) => {
    const asker = await join(page, 'asker')
    await markTrusted(database, asker)
    const threadPath = await startThread(page, {
      title: `Can I change my username, ${asker}?`,
      body: 'I picked a silly one when I joined.',
    })
    await expect(page.getByRole('button', { name: /I have this question too/ })).toHaveCount(0)
    await expect(page.getByText('0 people have this question too')).toBeVisible()

    // Dana answers, and is not offered to accept anything.
    const dana = await (await newContext()).newPage()
    await signInAs(dana, 'dana')
    await reply(dana, threadPath, `Not yet, ${asker}: ask support to rename it.`)
    await expect(dana.getByRole('button', { name: /Accept as answer/ })).toHaveCount(0)
    await expect(dana.getByRole('button', { name: /Unmark accepted answer/ })).toHaveCount(0)

    // She has the question too: the count goes up in place.
    const meToo = dana.getByRole('button', { name: /I have this question too/ })
    await expect(meToo).toHaveAttribute('aria-pressed', 'false')
    await expect(meToo.locator('.count-pill')).toHaveText('0')
    const saved = dana.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(threadPath))
    await meToo.click()
    await expect(meToo).toHaveAttribute('aria-pressed', 'true')
    await expect(meToo.locator('.count-pill')).toHaveText('1')
    expect((await saved).ok()).toBe(true)
    await dana.reload()
    await expect(meToo).toHaveAttribute('aria-pressed', 'true')
    await expect(meToo.locator('.count-pill')).toHaveText('1')

    // The asker sees the count (not a button) and can accept the reply.
    await page.goto(threadPath)
    await expect(page.getByText('1 person has this question too')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Accept as answer (reply #2)' })).toBeVisible()
    // Asking a question someone else had too is worth 2 points.
    await page.goto(`/u/${asker}`)
    await expect(stat(page, 'Reputation')).toHaveText('2')
    await expect(stat(page, 'Questions')).toHaveText('1')
  })

  test('a helpful vote works without JavaScript', async ({ database, page, newContext, signInAs }) => {
    const asker = await join(page, 'asker')
    await markTrusted(database, asker)
    const threadPath = await startThread(page, {
      title: `Does the importer keep formatting, ${asker}?`,
      body: 'Bold and links in the old tool: will they survive the import?',
    })
    const chen = await (await newContext()).newPage()
    await signInAs(chen, 'chen')
    await reply(chen, threadPath, `Yes, ${asker}: Markdown formatting is kept.`)

    const noScripts = await newContext({ javaScriptEnabled: false })
    await signInAs(noScripts, 'bruno')
    const bruno = await noScripts.newPage()
    await bruno.goto(threadPath)
    await expect(bruno.getByRole('link', { name: 'Your profile, bruno' })).toBeVisible()
    const helpful = helpfulButton(bruno.locator('article#post-2'))
    await expect(helpful).toHaveAttribute('aria-pressed', 'false')
    await expect(helpful.locator('.count-pill')).toHaveText('0')

    // A plain form post: the page comes back with the vote counted.
    const response = bruno.waitForResponse((r) => r.request().method() === 'POST')
    await helpful.click()
    expect((await response).request().resourceType()).toBe('document')
    await expect(helpful).toHaveAttribute('aria-pressed', 'true')
    await expect(helpful.locator('.count-pill')).toHaveText('1')
    expect(new URL(bruno.url()).pathname).toBe(threadPath)
    await bruno.goto(threadPath)
    await expect(helpful).toHaveAttribute('aria-pressed', 'true')
    await expect(helpful.locator('.count-pill')).toHaveText('1')
    // axe needs no page JavaScript: Playwright injects it.
    await expectAccessible(bruno, 'thread without JavaScript')

    // The answerer sees the vote too.
    await chen.reload()
    await expect(chen.locator('article#post-2')).toContainText('1 found this helpful')
  })
})
