import { signLink } from '../app/domain/mail/links.server'
import { expect, join, test } from './fixtures'

/*
 * A new member confirms their address from the link in their welcome mail.
 * The link is signed here as the mail would carry it, from the token row in
 * the worker's database. A fresh member: demo users' addresses stay as they are.
 */

test('a new member confirms their address from the emailed link', async ({ page, database }) => {
  const username = await join(page, 'confirmer')
  await expect(page.getByRole('status').filter({ hasText: 'open its link to confirm your address' })).toBeVisible()

  const [mail] = await database<{ emailTokenId: number }[]>`
    select m.email_token_id from mails m join users u on u.id = m.user_id
    where lower(u.username) = lower(${username}) and m.kind = 'verify_email'`
  await page.goto(`/verify-email/${await signLink(database, 'verify_email', String(mail.emailTokenId))}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Confirm your email address' })).toBeVisible()
  await expect(page.getByText(`${username}@example.com`)).toBeVisible()
  await page.getByRole('button', { name: 'Confirm' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Address confirmed' })).toBeVisible()

  await page.goto('/settings/email')
  await expect(page.getByText(`${username}@example.com`)).toBeVisible()
  await expect(page.getByText('Confirmed', { exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Send the confirmation again' })).toHaveCount(0)
})
