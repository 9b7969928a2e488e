import { expect, NEW_PASSWORD, test, uniqueName } from './fixtures'

/*
 * /admin/joining: an admin invites someone by email, and the invitee joins
 * from the link in their mailbox. Sign-up stays open throughout (invitations
 * work in every mode): other specs sign up in this worker too. The modes
 * themselves are tested over HTTP (server/admin-joining-http.test.ts).
 */

test('an admin invites someone by email, and the link opens the join form with their address and works once', async ({
  page,
  newContext,
  signInAs,
  mailbox,
}) => {
  await signInAs(page, 'admin')
  await page.goto('/admin')
  await page.getByRole('link', { name: 'Who may join' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Who may join' })).toBeVisible()
  await expect(page.getByRole('radio', { name: 'Open sign-up' })).toBeChecked()

  const address = `${uniqueName('invitee')}@example.com`
  await page.getByLabel('Invite by email').fill(address)
  await page.getByRole('button', { name: 'Send the invitation' }).click()
  await expect(page.getByRole('status').filter({ hasText: `Invitation sent to ${address}.` })).toBeVisible()
  const pending = page.getByRole('listitem').filter({ hasText: address })
  await expect(pending.getByRole('button', { name: `Withdraw the invitation to ${address}` })).toBeVisible()

  const mail = await mailbox.waitFor(address, 'You are invited to join the community')
  const link = new URL(/https?:\/\/\S+\/join\?invite=\S+/.exec(mail.text)![0])
  const invitee = await (await newContext()).newPage()
  await invitee.goto(link.pathname + link.search)
  await expect(invitee.getByText(`You are invited to join with ${address}.`)).toBeVisible()
  await expect(invitee.getByLabel('Email')).toHaveValue(address)
  const username = uniqueName('invitee')
  await invitee.getByLabel('Username').fill(username)
  await invitee.getByLabel('Password').fill(NEW_PASSWORD)
  await invitee.getByRole('button', { name: 'Create account' }).click()
  await expect(invitee).toHaveURL('/')
  await expect(invitee.getByRole('status').filter({ hasText: 'Welcome to the community!' })).toBeVisible()
  await expect(invitee.getByRole('link', { name: `Your profile, ${username}` })).toBeVisible()

  // Used: the admin's list of invitations waiting no longer has it.
  await page.reload()
  await expect(page.getByRole('heading', { level: 2, name: 'Invitations' })).toBeVisible()
  await expect(pending).toHaveCount(0)
})
