import { expect, expectAccessible, startThread, test, uniqueName } from './fixtures'

/*
 * Search: a visitor finds the answer before asking, with JavaScript or
 * without, and a customer typing a question is shown the threads and ideas
 * that already cover it.
 */

test.describe('search', () => {
  test('a visitor searches with a typo from the header and finds the solved answer', async ({ page }) => {
    await page.goto('/')
    // "/" is heard once the page has hydrated; a busy machine may take a moment.
    await expect.poll(() => page.evaluate(() => '__remixRouter' in window)).toBe(true)
    // The demo's solved question about inviting a team; "/" jumps to the search field.
    await page.locator('body').press('/')
    await expect(page.getByRole('searchbox', { name: 'Search the community' })).toBeFocused()
    await page.keyboard.type('invte my team')
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/\/search\?q=invte/)
    await expect(page.getByText('Showing results for')).toContainText('invite my team')
    const hit = page.locator('.search-hit', { hasText: 'How do I invite my team to our workspace?' })
    await expect(hit).toBeVisible()
    await expect(hit).toContainText('Solved')
    await expect(hit.locator('mark').first()).toHaveText(/invite/i)

    // Results follow the query as it changes, without pressing Enter.
    const box = page.getByRole('searchbox', { name: 'Search the community' })
    await box.fill('zqxwv plmokn')
    await expect(page.getByText('No threads match “zqxwv plmokn”')).toBeVisible()
    await expect(page).toHaveURL(/q=zqxwv/)
    await expect(page.getByRole('link', { name: 'Ask the community' })).toHaveAttribute('href', '/new?title=zqxwv%20plmokn')
    await expectAccessible(page, 'search results')
  })

  test('without JavaScript, the search form works as a plain form, filters included', async ({ newContext }) => {
    const page = await (await newContext({ javaScriptEnabled: false })).newPage()
    await page.goto('/search')
    await page.getByRole('searchbox', { name: 'Search the community' }).fill('invte team')
    await page.getByLabel('Answer').selectOption('yes')
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    await expect(page).toHaveURL(/solved=yes/)
    await expect(page.locator('.search-hit', { hasText: 'How do I invite my team to our workspace?' })).toBeVisible()
  })

  test('a customer typing a question sees the solved one and an open idea, and follows it instead', async ({ page, signInAs }) => {
    test.slow()
    await signInAs(page, 'dana')
    // An open idea of their own making, so the suggestion has one to show.
    const idea = `Invite teammates in bulk from a spreadsheet ${uniqueName('i')}`
    await startThread(page, { category: 'ideas', kind: 'Idea', title: idea, body: 'Uploading a CSV of emails would save us hours.' })

    await page.goto('/new')
    await page.getByLabel('Title').pressSequentially('How can I invite my team', { delay: 20 })
    const similar = page.getByRole('region', { name: 'Already asked?' })
    const solved = similar.getByRole('link', { name: 'How do I invite my team to our workspace?' })
    await expect(solved).toBeVisible()
    await expect(similar.getByRole('heading', { name: 'Known requests: vote here instead' })).toBeVisible()
    await expect(similar.getByRole('link', { name: idea })).toBeVisible()
    await expect(similar).toContainText('Solved')

    // The answer is already there: the customer reads it instead of posting.
    await page.goto((await solved.getAttribute('href'))!)
    await expect(page.getByRole('complementary', { name: 'Accepted answer' })).toBeVisible()
  })
})
