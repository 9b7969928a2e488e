import type { Page } from '@playwright/test'

import { confirmEmail, expect, join, markTrusted, startThread, test } from './fixtures'

/*
 * Notifications that bring people back: the asker hears of an answer, the
 * answerer of its acceptance, and the customer whose question became an
 * idea hears when it ships, each live in the header's bell.
 */

const bell = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Notifications/ })

test.describe('notifications', () => {
  test.beforeEach(() => test.slow())

  test('the asker hears of an answer live and by email, reads it, and the answerer hears it was accepted', async ({
    database,
    page,
    newContext,
    mailbox,
  }) => {
    const asker = await join(page, 'asker')
    await markTrusted(database, asker)
    await confirmEmail(database, asker)
    const title = `Invoices show the wrong currency, ${asker}`
    const threadPath = await startThread(page, { title, body: 'Our invoices say USD though the account is set to EUR.' })
    await expect(bell(page)).toHaveAccessibleName('Notifications')

    const other = await (await newContext()).newPage()
    const helper = await join(other, 'helper')
    await markTrusted(database, helper)
    // The helper quotes the question into the reply box, then answers under it.
    await other.goto(threadPath)
    await other.getByRole('button', { name: 'Quote post #1' }).click()
    const box = other.getByRole('textbox', { name: 'Reply' })
    await expect(box).toHaveValue(`> @${asker} wrote in #1:\n> Our invoices say USD though the account is set to EUR.\n\n`)
    await box.pressSequentially('Change it under Billing → Currency; new invoices follow.')
    await other.getByRole('button', { name: 'Post reply' }).click()
    await expect(other.locator('article.post', { hasText: 'new invoices follow' })).toBeVisible()

    // The asker's bell counts it without a reload, and an answer to their question is mailed at once.
    await expect(bell(page)).toHaveAccessibleName('Notifications: 1 unread')
    const mail = await mailbox.waitFor(`${asker}@example.com`, new RegExp(`${helper} replied`))
    expect(mail.text).toContain('Change it under Billing → Currency')
    expect(mail.headers['list-unsubscribe']).toMatch(/^<http:\/\/.+\/unsubscribe\/.+>$/)
    await bell(page).click()
    await expect(page).toHaveURL('/notifications')
    const item = page.getByRole('listitem').filter({ hasText: `${helper} replied in “${title}”` })
    await expect(item).toBeVisible()
    await page.getByRole('button', { name: 'Mark all read' }).click()
    await expect(bell(page)).toHaveAccessibleName('Notifications')
    await expect(page.getByRole('button', { name: 'Mark all read' })).toBeDisabled()

    // Following it leads to the reply; accepting it tells the answerer, live.
    await item.getByRole('link').click()
    await expect(page).toHaveURL(new RegExp(`${threadPath}/2#post-2$`))
    await page.getByRole('button', { name: 'Accept as answer (reply #2)' }).click()
    await expect(bell(other)).toHaveAccessibleName('Notifications: 1 unread')
    await other.goto('/notifications')
    await expect(other.getByRole('listitem').filter({ hasText: `Your reply in “${title}” was accepted as the answer` })).toBeVisible()

    // Replying watched the thread for the helper; they mute it instead, and the page says what that means.
    await other.goto(threadPath)
    const watching = other.getByRole('group', { name: 'Notifications' })
    await expect(watching.getByRole('button', { name: 'Watching' })).toHaveAttribute('aria-pressed', 'true')
    await watching.getByRole('button', { name: 'Muted' }).click()
    await expect(other.locator('.watch-control').getByRole('status')).toHaveText('Muted: you will not hear of this thread.')
    await expect(watching.getByRole('button', { name: 'Muted' })).toHaveAttribute('aria-pressed', 'true')
  })

  test('a customer whose question became an idea hears when it ships, with the note', async ({ database, page, newContext, signInAs }) => {
    const asker = await join(page, 'customer')
    await markTrusted(database, asker)
    const title = `Export contacts to CSV, ${asker}?`
    const threadPath = await startThread(page, { title, body: 'We need our contacts in a spreadsheet every week.' })

    const priya = await (await newContext()).newPage()
    await signInAs(priya, 'priya')
    await priya.goto(threadPath)
    await priya.getByText('Promote to idea').click()
    const ideaTitle = `CSV export of contacts, ${asker}`
    await priya.getByLabel('Idea title').fill(ideaTitle)
    await priya.getByRole('button', { name: 'Create the idea' }).click()
    await expect(priya.getByRole('heading', { level: 1, name: ideaTitle })).toBeVisible()
    const panel = priya.getByRole('region', { name: 'Idea status and votes' })
    await panel.getByText('Triage: status, links, merges').click()
    await panel.getByLabel('Status', { exact: true }).selectOption('shipped')
    const note = `Contacts export to CSV from the Contacts page, ${asker}.`
    await panel.getByLabel('Public note (required for Shipped and Declined)').fill(note)
    await panel.getByRole('button', { name: 'Change status' }).click()
    await expect(panel.locator('.idea-panel__summary')).toContainText('Shipped')

    await expect(bell(page)).toHaveAccessibleName('Notifications: 1 unread')
    await page.goto('/notifications')
    const item = page.getByRole('listitem').filter({ hasText: `The idea “${ideaTitle}” is now Shipped` })
    await expect(item).toContainText(note)
    await item.getByRole('link').click()
    await expect(page.getByRole('heading', { level: 1, name: ideaTitle })).toBeVisible()
  })
})
