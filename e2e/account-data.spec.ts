import { png } from '../tests/images'
import { expect, join, markTrusted, NEW_PASSWORD, startThread, test } from './fixtures'

test.describe('account data', () => {
  test('a member deletes their account, and their reply stays by "deleted user"', async ({ page, database, consoleErrors }) => {
    const username = await join(page, 'leaver')
    await markTrusted(database, username)
    const threadPath = await startThread(page, { title: `Leaving soon ${Date.now()}`, body: 'A question before I go.' })
    await page.getByRole('textbox', { name: 'Reply' }).fill('A reply that should outlive my account.')
    await page.getByRole('button', { name: 'Post reply' }).click()
    await expect(page.locator('article.post')).toHaveCount(2)

    // A picture, chosen on the profile settings, shows beside their name until the account goes.
    await page.goto('/settings/profile')
    await page.getByLabel('New picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: await png(120, 80) })
    await page.getByRole('button', { name: 'Upload picture' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Your picture is saved.' })).toBeVisible()
    await page.goto(threadPath)
    await expect(page.locator('article.post').nth(1).locator('img.avatar')).toHaveAttribute('src', /^\/uploads\/[0-9a-f]{64}\.png$/)

    await page.goto('/settings/delete')
    // The wrong password below is answered with a 400, as bad input is.
    consoleErrors.allowStatus(400)
    await page.getByLabel('Your password').fill('not the password at all')
    await page.getByRole('button', { name: 'Delete my account' }).click()
    await expect(page.getByText('That is not your password. Nothing was deleted.')).toBeVisible()

    await page.getByLabel('Your password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Delete my account' }).click()
    await expect(page).toHaveURL('/')
    await expect(page.getByRole('status').filter({ hasText: 'Your account was deleted' })).toBeVisible()
    await expect(page.getByRole('link', { name: `Your profile, ${username}` })).toHaveCount(0)

    await page.goto(threadPath)
    const reply = page.locator('article.post').nth(1)
    await expect(reply).toContainText('A reply that should outlive my account.')
    await expect(reply.locator('.post__author')).toHaveText('deleted user')
    await expect(page.getByText(username)).toHaveCount(0)
    await expect(reply.locator('img.avatar')).toHaveCount(0)
  })
})
