import { expect, test } from './fixtures'

/*
 * Most readers arrive from a search engine with a question and never sign
 * in: the answer must be on the page as it arrives, JavaScript or not.
 */
test.describe('a visitor from a search engine', () => {
  test('reads a solved question and its accepted answer with JavaScript off', async ({ newContext }) => {
    const page = await (await newContext({ javaScriptEnabled: false })).newPage()
    const title = 'How do I invite my team to our workspace?'

    // Arriving at the thread's address without its slug, as an old link might.
    await page.goto('/c/getting-started')
    const href = await page.getByRole('link', { name: title }).getAttribute('href')
    const id = /\/t\/(\d+)\//.exec(href!)![1]
    await page.goto(`/t/${id}`)
    await expect(page).toHaveURL(href!)
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()

    // The answer is under the question at once, and in its own place in the thread, marked.
    const summary = page.getByRole('complementary', { name: 'Accepted answer' })
    await expect(summary).toContainText('Accepted answer by sam')
    await expect(summary).toContainText('You can also pick a role in the invite dialog')
    const accepted = page.locator('article#post-3')
    await expect(accepted).toContainText('Invites expire after 7 days')
    await expect(accepted).toHaveAttribute('aria-label', /sam/)

    // Search engines read the same answer from the page's structured data.
    const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!)
    expect(data['@type']).toBe('QAPage')
    expect(data.mainEntity.name).toBe(title)
    expect(data.mainEntity.acceptedAnswer.author.name).toBe('sam')
    expect(data.mainEntity.acceptedAnswer.text).toContain('Invites expire after 7 days')

    // And a pasted link previews with the answer.
    await expect(page.locator('meta[property="og:description"]')).toHaveAttribute('content', /Answer: Bruno is right/)
  })
})
