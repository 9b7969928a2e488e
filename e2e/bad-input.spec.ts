import type { APIRequestContext, Page } from '@playwright/test'

import { expect, join, markTrusted, startThread, test } from './fixtures'

async function expectNothingCreated(page: Page, username: string) {
  await page.goto(`/u/${username}`)
  await expect(page.getByRole('heading', { level: 1, name: username })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Threads started' })).toContainText('No threads here yet.')
  await expect(page.getByRole('region', { name: 'Recent posts' })).toContainText('No posts yet.')
}

/** The path of a real thread, read from the home page. */
async function someThreadPath(request: APIRequestContext): Promise<string> {
  const home = await request.get('/')
  expect(home.status()).toBe(200)
  const match = /href="(\/t\/\d+\/[a-z0-9-]+)"/.exec(await home.text())
  expect(match, 'a thread link on the home page').not.toBeNull()
  return match![1]
}

test.describe('starting a thread with bad input', () => {
  test('an empty, a blank and a too-short title are each refused, and nothing is created', async ({ database, page, consoleErrors }) => {
    consoleErrors.allowStatus(400)
    const username = await join(page, 'sloppy')
    await markTrusted(database, username)
    for (const [label, title] of [
      ['an empty title', ''],
      ['a blank title', '     '],
      ['a too-short title', 'Hey?'],
    ] as const) {
      await test.step(label, async () => {
        await page.goto('/new')
        await page.getByLabel('Category').selectOption('getting-started')
        await page.getByLabel('Title').fill(title)
        await page.getByLabel('Details').fill(`A perfectly fine body from ${username}.`)
        await page.getByRole('button', { name: 'Post thread' }).click()

        await expect(page.locator('#title-error')).toHaveText('Give your thread a title of at least 5 characters.')
        await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true')
        await expect(page.getByRole('alert')).toHaveText('Please correct the fields marked below.')
        await expect(page).toHaveURL('/new')
        // What was typed is still there to fix.
        await expect(page.getByLabel('Details')).toHaveValue(`A perfectly fine body from ${username}.`)
        await expect(page.getByLabel('Category')).toHaveValue('getting-started')
      })
    }
    await expectNothingCreated(page, username)
  })

  test('a missing category and body are refused', async ({ database, page, consoleErrors }) => {
    consoleErrors.allowStatus(400)
    const username = await join(page, 'sloppy')
    await markTrusted(database, username)
    await page.goto('/new')
    await page.getByLabel('Title').fill(`A good title from ${username}`)
    await page.getByRole('button', { name: 'Post thread' }).click()
    await expect(page.locator('#category-error')).toHaveText('Pick a category.')
    await expect(page.locator('#body-error')).toHaveText('Write something first.')
    await expect(page.locator('#title-error')).toHaveText('')
    await expectNothingCreated(page, username)
  })
})

test.describe('replying with bad input', () => {
  test('an empty reply shows "Write something first." and posts nothing', async ({ database, page, consoleErrors }) => {
    consoleErrors.allowStatus(400)
    const username = await join(page, 'quiet')
    await markTrusted(database, username)
    const threadPath = await startThread(page, {
      title: `Empty replies ${username}`,
      body: 'Anyone there?',
    })

    // The browser would stop an empty required textarea; the server must refuse it too.
    for (const body of ['', '   \n  ']) {
      await page.getByRole('textbox', { name: 'Reply' }).evaluate((el) => el.removeAttribute('required'))
      await page.getByRole('textbox', { name: 'Reply' }).fill(body)
      await page.getByRole('button', { name: 'Post reply' }).click()
      await expect(page.locator('#body-error')).toHaveText('Write something first.')
      await expect(page.getByRole('textbox', { name: 'Reply' })).toHaveAttribute('aria-invalid', 'true')
      await expect(page).toHaveURL(threadPath)
    }

    await page.goto(threadPath)
    await expect(page.locator('article.post')).toHaveCount(1)
    await expect(page.locator('.thread-header')).toContainText('0 replies')
  })

  test('an empty reply is refused at the request level too', async ({ page, context, signInAs }) => {
    await signInAs(context, 'dana')
    const threadPath = await someThreadPath(context.request)
    await page.goto(threadPath)
    const before = await page.locator('article.post').count()
    const response = await context.request.post(threadPath, {
      form: { intent: 'reply', body: '' },
      maxRedirects: 0,
    })
    expect(response.status()).toBe(400)
    await page.reload()
    await expect(page.locator('article.post')).toHaveCount(before)
  })
})

test.describe('addresses that do not exist', () => {
  test('addresses that name nothing are 404 pages with a way back', async ({ page, consoleErrors }) => {
    consoleErrors.allowStatus(404)
    for (const path of ['/t/abc', '/t/999999999', '/t/999999999/some-slug', '/t/-1', '/t/1.5', '/c/nope', '/u/nobody_by_this_name']) {
      const response = await page.goto(path)
      expect(response?.status(), path).toBe(404)
      await expect(page, path).toHaveTitle('Page not found · Community')
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' }), path).toBeVisible()
      await expect(page.getByRole('link', { name: 'Back to the community' }), path).toBeVisible()
      // The site header is still there to find a way back.
      await expect(page.getByRole('link', { name: 'Community home' }), path).toBeVisible()
    }
  })

  // No page lives at these: the 404 page must still carry the response's
  // nonce, or the CSP blocks its scripts and it never hydrates.
  for (const path of ['/no-such-page', '/ideas/no/such/board']) {
    test(`${path}, an address no page lives at, is a 404 page whose scripts run`, async ({ page, consoleErrors }) => {
      consoleErrors.allowStatus(404) // the document itself
      const response = await page.goto(path)
      expect(response?.status()).toBe(404)
      await expect(page).toHaveTitle('Page not found · Community')
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
      await expect.poll(() => page.evaluate(() => '__remixRouter' in window), { message: 'the page hydrated' }).toBe(true)
      // A client-side navigation away works.
      await page.getByRole('link', { name: 'Back to the community' }).click()
      await expect(page).toHaveURL('/')
      await expect(page.getByRole('heading', { level: 1, name: 'Community' })).toBeVisible()
      await expect(page).toHaveTitle('Community')
    })
  }
})

test.describe('request-level protections', () => {
  test('a POST from another origin is refused with 403', async ({ request, baseURL }) => {
    const threadPath = await someThreadPath(request)

    const forged = await request.post(threadPath, {
      headers: { Origin: 'https://evil.example' },
      form: { intent: 'reply', body: 'Forged from another site' },
      maxRedirects: 0,
    })
    expect(forged.status()).toBe(403)
    expect(await forged.text()).toContain('Request refused')

    // A browser's cross-site marker is refused the same way.
    const crossSite = await request.post(threadPath, {
      headers: { 'Sec-Fetch-Site': 'cross-site' },
      form: { intent: 'reply', body: 'Forged from another site' },
      maxRedirects: 0,
    })
    expect(crossSite.status()).toBe(403)

    // Also for sign-in (login CSRF) and sign-out.
    for (const path of ['/login', '/logout', '/join']) {
      const response = await request.post(path, {
        headers: { Origin: 'https://evil.example' },
        form: { username: 'alice', password: 'community-demo' },
        maxRedirects: 0,
      })
      expect(response.status(), path).toBe(403)
    }

    // The same request from this site gets past the check (a visitor is sent to sign in).
    const sameSite = await request.post(threadPath, {
      headers: { Origin: new URL(baseURL!).origin },
      form: { intent: 'reply', body: 'From this site' },
      maxRedirects: 0,
    })
    expect(sameSite.status()).toBe(302)
    expect(sameSite.headers()['location']).toMatch(/^\/login\?next=/)
  })

  test('a POST body over 1 MiB is refused with 413', async ({ request }) => {
    const threadPath = await someThreadPath(request)
    const body = 'x'.repeat(1024 * 1024 + 1)
    const response = await request.post(threadPath, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      data: `intent=reply&body=${body}`,
      maxRedirects: 0,
    })
    expect(response.status()).toBe(413)
    expect(await response.text()).toContain('Too large')
  })

  test('a post just under the limit is not refused as too large', async ({ context, signInAs }) => {
    await signInAs(context, 'chen')
    const threadPath = await someThreadPath(context.request)
    // 50,001 characters: over the post limit, well under the body limit.
    const response = await context.request.post(threadPath, {
      form: { intent: 'preview', body: 'y'.repeat(50_001) },
      maxRedirects: 0,
    })
    expect(response.status()).toBe(400)
    expect(await response.text()).toContain('A post can have at most 50,000 characters.')
  })
})
