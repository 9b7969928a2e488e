import { DEMO_PASSWORD, expect, test } from './fixtures'

/*
 * The forum is server-rendered and its forms are plain HTML forms: with
 * JavaScript off, reading and posting still work.
 */
test.describe('without JavaScript', () => {
  test('a visitor reads the home page, a category and a whole thread', async ({ newContext }) => {
    const page = await (await newContext({ javaScriptEnabled: false })).newPage()

    await page.goto('/')
    await expect(page.getByRole('heading', { level: 1, name: 'Community' })).toBeVisible()
    const categories = page.getByRole('region', { name: 'Categories' })
    for (const name of ['Getting started', 'Billing', 'Integrations', 'General', 'Ideas']) {
      await expect(categories.getByRole('link', { name, exact: true })).toBeVisible()
    }
    await expect(page.getByRole('region', { name: 'Latest activity' }).getByRole('listitem').first()).toBeVisible()

    await categories.getByRole('link', { name: 'Getting started', exact: true }).click()
    await expect(page).toHaveURL('/c/getting-started')
    await expect(page.getByRole('heading', { level: 1, name: 'Getting started' })).toBeVisible()

    const title = 'Importing data from a CSV file fails with "invalid date"'
    await page.getByRole('link', { name: title }).click()
    await expect(page).toHaveURL(/\/t\/\d+\/importing-data-from-a-csv-file-fails-with-invalid-date$/)
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()

    const posts = page.locator('article.post')
    await expect(posts).toHaveCount(3)
    await expect(page.locator('article#post-1')).toHaveAttribute('aria-label', 'Question by dana')
    await expect(page.locator('article#post-1 pre code')).toContainText('Row 12: invalid date "03/04/2024"')
    await expect(page.locator('article#post-2')).toHaveAttribute('aria-label', 'Reply 1 by chen')
    await expect(page.locator('article#post-2')).toContainText('The importer expects ISO dates')
    await expect(page.locator('article#post-3')).toHaveAttribute('aria-label', 'Reply 2 by sam')
    await expect(page.locator('article#post-3 strong')).toHaveText('Date format')
    // Visitors are invited to sign in rather than shown a form.
    await expect(page.getByRole('textbox', { name: 'Reply' })).toHaveCount(0)
    await expect(page.getByRole('region', { name: 'Your reply' }).getByRole('link', { name: 'Sign in' })).toBeVisible()
  })

  test('a member signs in and posts a reply', async ({ newContext }) => {
    const page = await (await newContext({ javaScriptEnabled: false })).newPage()

    await page.goto('/c/billing')
    const title = 'Invoice shows the wrong company address'
    await page.getByRole('link', { name: title }).click()
    await expect(page).toHaveURL(/\/t\/\d+\/invoice-shows-the-wrong-company-address$/)
    const threadPath = new URL(page.url()).pathname

    // The reply box's Sign in link carries the thread along.
    await page.getByRole('region', { name: 'Your reply' }).getByRole('link', { name: 'Sign in' }).click()
    await expect(page).toHaveURL(`/login?next=${encodeURIComponent(threadPath)}`)
    await page.getByLabel('Username or email').fill('alice')
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL(threadPath)
    await expect(page.getByRole('link', { name: 'Your profile, alice' })).toBeVisible()

    // The reply box comes after the posts: once it is there, every post is, even on a page still streaming in.
    await expect(page.getByRole('textbox', { name: 'Reply' })).toBeVisible()
    const before = await page.locator('article.post').count()
    const text = `Without JavaScript, ${Date.now().toString(36)}: **still works**.`
    await page.getByRole('textbox', { name: 'Reply' }).fill(text)
    await page.getByRole('button', { name: 'Post reply' }).click()

    const n = before + 1
    await expect(page).toHaveURL(new RegExp(`${threadPath}/${n}#post-${n}$`))
    const reply = page.locator(`article#post-${n}`)
    await expect(reply).toHaveAttribute('aria-label', `Reply ${n - 1} by alice`)
    await expect(reply).toContainText(text.replace(/\*\*/g, ''))
    await expect(reply.locator('strong')).toHaveText('still works')
    // The form is empty again, ready for another reply.
    await expect(page.getByRole('textbox', { name: 'Reply' })).toHaveValue('')

    // And it is stored: a fresh load shows it too.
    await page.goto(threadPath)
    await expect(page.locator('article.post')).toHaveCount(n)
    await expect(page.locator(`article#post-${n}`)).toContainText(text.replace(/\*\*/g, ''))
  })

  test('signing out works without JavaScript', async ({ newContext }) => {
    const page = await (await newContext({ javaScriptEnabled: false })).newPage()
    await page.goto('/login')
    await page.getByLabel('Username or email').fill('dana')
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('link', { name: 'Your profile, dana' })).toBeVisible()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(page).toHaveURL('/')
    await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true })).toBeVisible()
  })

  test('on a phone, the header menu opens and leads on without JavaScript', async ({ newContext }) => {
    const page = await (await newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } })).newPage()
    await page.goto('/')
    const nav = page.getByRole('banner').getByRole('navigation', { name: 'Main' })
    await expect(nav).toBeHidden()
    await page.getByRole('banner').locator('summary', { hasText: 'Menu' }).click()
    await nav.getByRole('link', { name: 'Top helpers' }).click()
    await expect(page).toHaveURL('/leaderboard')
    await expect(page.getByRole('heading', { level: 1, name: 'Top helpers' })).toBeVisible()
    await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true })).toBeVisible()
  })
})
