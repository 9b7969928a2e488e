import { expect, expectAccessible, startThread, test, uniqueName } from './fixtures'

/*
 * Staff actions on the record: a moderator's lock shows in the admins' audit
 * log, and an edit to someone else's post can be read back word by word.
 * The test starts its own thread, so no other spec sees it locked.
 */

test.describe('the audit log and edit history', () => {
  test('staff lock a thread and correct a post; the admin finds the lock by kind; staff read what changed', async ({
    page,
    newContext,
    signInAs,
  }) => {
    test.slow() // three people, each in their own browser

    // Alice asks.
    const alice = await (await newContext()).newPage()
    await signInAs(alice, 'alice')
    const title = `Wi-Fi drops every morning (${uniqueName('case')})`
    const threadPath = await startThread(alice, { title, body: 'Restart the router every morning, or it drops the Wi-Fi.' })

    // Sam, staff, locks the thread and corrects her post.
    await signInAs(page, 'sam')
    await page.goto(threadPath)
    await page.getByRole('button', { name: 'Lock thread' }).click()
    await expect(page.getByRole('button', { name: 'Unlock thread' })).toBeVisible()
    await page.getByRole('link', { name: 'Edit post #1' }).click()
    await page.getByRole('textbox', { name: 'Post' }).fill('Restart the modem every morning, or it drops the Wi-Fi.')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect(page).toHaveURL(threadPath)

    // The admin opens the full audit log from /admin and keeps only locks.
    const admin = await (await newContext()).newPage()
    await signInAs(admin, 'admin')
    await admin.goto('/admin')
    await admin.getByRole('link', { name: 'The full audit log' }).click()
    await expect(admin).toHaveURL('/admin/audit')
    await expect(admin.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible()
    await admin.getByLabel('Kind').selectOption('thread:locked')
    await admin.getByRole('button', { name: 'Filter' }).click()
    await expect(admin).toHaveURL(/[?&]kind=thread%3Alocked/)
    const entries = admin.getByRole('region', { name: 'Audit entries' }).getByRole('listitem')
    await expect(entries.first()).toContainText(`sam locked ${title}`)
    await expect(entries.filter({ hasNotText: 'thread locked' })).toHaveCount(0)
    await expectAccessible(admin, 'audit log filtered by kind')

    // Sam follows the post's "edited" mark to its history: the word taken out, the word put in.
    await page.getByRole('link', { name: 'edited (history of post #1)' }).click()
    await expect(page).toHaveURL(/\/p\/\d+\/history$/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit history of post #1')
    await expect(page.locator('del')).toHaveText(['router'])
    await expect(page.locator('ins')).toHaveText(['modem'])
    await expect(page.getByRole('heading', { level: 2, name: /^Original · by alice/ })).toBeVisible()
    await expect(page.getByRole('heading', { level: 2, name: /^Current version · by sam/ })).toBeVisible()
    // The fixture checks this page with axe as the test leaves it.
  })
})
