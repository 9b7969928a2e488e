import { DEMO_PASSWORD, expect, join, markTrusted, signIn, signInLink, test } from './fixtures'

test.describe('signing out', () => {
  test('ends the session, and the old cookie no longer signs anyone in', async ({ database, page, context, newContext, request }) => {
    const username = await join(page, 'leaver')
    await markTrusted(database, username)
    const cookies = await context.cookies()
    expect(cookies.map((c) => c.name)).toContain('forum_session')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(page).toHaveURL('/')
    await expect(signInLink(page)).toBeVisible()
    await expect(page.getByRole('link', { name: `Your profile, ${username}` })).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0)

    // Someone who copied the cookie before sign-out gets nothing from it.
    const replay = await newContext()
    await replay.addCookies(cookies)
    const stale = await replay.newPage()
    await stale.goto('/')
    await expect(signInLink(stale)).toBeVisible()
    await expect(stale.getByRole('link', { name: `Your profile, ${username}` })).toHaveCount(0)
    await stale.goto('/new')
    await expect(stale).toHaveURL('/login?next=%2Fnew')
    await expect(stale.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()

    // The same check without a browser: the stale cookie is refused by the server.
    const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const response = await request.get('/new', {
      headers: { Cookie: cookieHeader },
      maxRedirects: 0,
    })
    expect(response.status()).toBe(302)
    expect(response.headers()['location']).toBe('/login?next=%2Fnew')
  })

  test('a GET to /logout does not sign you out', async ({ page }) => {
    await signIn(page, 'dana')
    await page.goto('/logout')
    await expect(page).toHaveURL('/')
    await expect(page.getByRole('link', { name: 'Your profile, dana' })).toBeVisible()
  })
})

test.describe('signing in', () => {
  test('a visitor sent to sign in from /new comes back to /new', async ({ page }) => {
    await page.goto('/new')
    await expect(page).toHaveURL('/login?next=%2Fnew')
    await page.getByLabel('Username or email').fill('alice')
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL('/new')
    await expect(page.getByRole('heading', { level: 1, name: 'Start a thread' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Your profile, alice' })).toBeVisible()
  })

  test('the header’s Sign in link brings you back to the page you were on', async ({ page }) => {
    await page.goto('/c/billing')
    await signInLink(page).click()
    await expect(page).toHaveURL('/login?next=%2Fc%2Fbilling')
    await page.getByLabel('Username or email').fill('chen')
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL('/c/billing')
    await expect(page.getByRole('link', { name: 'Your profile, chen' })).toBeVisible()
  })

  // The query as typed (unencoded, like a link someone crafted) and encoded.
  const offSite = [
    'next=https://evil.example/',
    'next=//evil.example',
    `next=${encodeURIComponent('https://evil.example/')}`,
    `next=${encodeURIComponent('//evil.example')}`,
    `next=${encodeURIComponent('/\\evil.example')}`,
  ]
  test('an off-site next lands on the home page, however it is spelled', async ({ page, context }) => {
    for (const query of offSite) {
      await context.clearCookies()
      await page.goto(`/login?${query}`)
      await page.getByLabel('Username or email').fill('bruno')
      await page.getByLabel('Password').fill(DEMO_PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect(page, query).toHaveURL('/')
      await expect(page.getByRole('link', { name: 'Your profile, bruno' }), query).toBeVisible()
    }
  })

  test('a wrong password is refused with a message', async ({ page, consoleErrors }) => {
    consoleErrors.allowStatus(400)
    await page.goto('/login')
    await page.getByLabel('Username or email').fill('alice')
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('alert')).toHaveText('Wrong username or password.')
    await expect(page).toHaveURL('/login')
    await expect(page.getByLabel('Username or email')).toHaveValue('alice')
    await expect(signInLink(page)).toBeVisible()
  })

  test('an unknown user gets the same message as a wrong password', async ({ page, consoleErrors }) => {
    consoleErrors.allowStatus(400)
    await page.goto('/login')
    await page.getByLabel('Username or email').fill('nobody_here_at_all')
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('alert')).toHaveText('Wrong username or password.')
  })

  test('signing in by email works', async ({ database, page }) => {
    const username = await join(page, 'mailer')
    await markTrusted(database, username)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(signInLink(page)).toBeVisible()
    await page.goto('/login')
    await page.getByLabel('Username or email').fill(`${username}@example.com`)
    await page.getByLabel('Password').fill('correct-horse-battery')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL('/')
    await expect(page.getByRole('link', { name: `Your profile, ${username}` })).toBeVisible()
  })
})

test.describe('joining', () => {
  test('a taken username is refused, whatever its case', async ({ page, consoleErrors }) => {
    consoleErrors.allowStatus(409)
    for (const taken of ['alice', 'ALICE']) {
      await test.step(taken, async () => {
        const email = `${taken.toLowerCase()}_${Date.now().toString(36)}@example.com`
        await page.goto('/join')
        await page.getByLabel('Username').fill(taken)
        await page.getByLabel('Email').fill(email)
        await page.getByLabel('Password').fill('correct-horse-battery')
        await page.getByRole('button', { name: 'Create account' }).click()
        await expect(page.locator('#username-error')).toHaveText('That username is taken.')
        await expect(page.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true')
        await expect(page).toHaveURL('/join')
        await expect(signInLink(page)).toBeVisible()
      })
    }
  })

  test('a short password is refused', async ({ page, consoleErrors }) => {
    consoleErrors.allowStatus(400)
    await page.goto('/join')
    await page.getByLabel('Username').fill(`short_${Date.now().toString(36)}`)
    await page.getByLabel('Email').fill(`short_${Date.now().toString(36)}@example.com`)
    await page.getByLabel('Password').fill('123456789')
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect(page.locator('#password-error')).toHaveText('A password needs at least 10 characters.')
    await expect(signInLink(page)).toBeVisible()
  })
})
