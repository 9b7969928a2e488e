import { expect, join, NEW_PASSWORD, signIn, test } from './fixtures'

const RESET_PASSWORD = 'a brand new passphrase'

test.describe('account access', () => {
  test('a member who forgot their password resets it by email; the browser signed in before is signed out', async ({
    page,
    newContext,
    mailbox,
  }) => {
    // This browser joins and stays signed in, as a forgotten laptop would.
    const username = await join(page, 'forgetful')
    const address = `${username}@example.com`

    const other = await (await newContext()).newPage()
    await other.goto('/login')
    await other.getByRole('link', { name: 'Forgot your password?' }).click()
    await other.getByLabel('Email address').fill(address)
    await other.getByRole('button', { name: 'Send the link' }).click()
    await expect(other.getByRole('status')).toContainText(`If an account uses ${address}, we sent a link to it.`)

    const mail = await mailbox.waitFor(address, 'Reset your password')
    const link = /https?:\/\/\S+\/reset\/\S+/.exec(mail.text)?.[0]
    expect(link).toBeTruthy()
    await other.goto(new URL(link!).pathname)
    await expect(other.getByText(`Choose a new password for ${username}.`)).toBeVisible()
    await other.getByLabel('New password').fill(RESET_PASSWORD)
    await other.getByRole('button', { name: 'Set the new password' }).click()
    await expect(other).toHaveURL('/')
    await expect(other.getByRole('status').filter({ hasText: 'Your password is changed.' })).toBeVisible()
    await expect(other.getByRole('link', { name: `Your profile, ${username}` })).toBeVisible()

    // The browser signed in before the reset is signed out.
    await page.reload()
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible()
    await expect(page.getByRole('link', { name: `Your profile, ${username}` })).toHaveCount(0)
    // And the new password is the one that works.
    await signIn(page, username, RESET_PASSWORD)
  })

  test('a member changes their password and signs out everywhere else from their settings', async ({ page, newContext, consoleErrors }) => {
    // The wrong current password is answered with a 400, on purpose.
    consoleErrors.allowStatus(400)
    const username = await join(page, 'careful')
    const phone = await (await newContext({ userAgent: 'Phone browser 1.0' })).newPage()
    await signIn(phone, username, NEW_PASSWORD)

    await page.goto('/settings/sessions')
    await expect(page.getByRole('listitem').filter({ hasText: 'Phone browser 1.0' })).toBeVisible()
    await expect(page.getByRole('listitem').filter({ hasText: 'This browser' })).toHaveCount(1)
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Signed out 1 other session.' })).toBeVisible()
    await expect(page.getByRole('listitem').filter({ hasText: 'Phone browser 1.0' })).toHaveCount(0)
    await phone.reload()
    await expect(phone.getByRole('link', { name: 'Sign in' })).toBeVisible()

    await page.getByRole('link', { name: 'Password', exact: true }).click()
    await page.getByLabel('Current password').fill('not my password')
    await page.getByLabel('New password').fill(RESET_PASSWORD)
    await page.getByRole('button', { name: 'Change password' }).click()
    await expect(page.getByText('That is not your current password.')).toBeVisible()
    await page.getByLabel('Current password').fill(NEW_PASSWORD)
    await page.getByLabel('New password').fill(RESET_PASSWORD)
    await page.getByRole('button', { name: 'Change password' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Your password is changed.' })).toBeVisible()
  })
})
