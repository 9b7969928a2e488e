import { expect, expectAccessible, join, test } from './fixtures'

/*
 * People in administration: an admin finds a newcomer by their address and
 * makes them a product team member; the newcomer's browser is signed out.
 * The newcomer is the test's own, so no other spec sees the role change.
 */

test('an admin finds a member by email and changes their role', async ({ page, newContext, signInAs }) => {
  const member = await (await newContext()).newPage()
  const username = await join(member, 'person')

  await signInAs(page, 'admin')
  await page.goto('/admin')
  await page.getByRole('link', { name: 'People' }).click()
  await expect(page).toHaveURL('/admin/users')
  await page.getByLabel('Name or email').fill(`${username}@example.com`)
  await page.getByRole('button', { name: 'Find' }).click()
  const found = page.getByRole('region', { name: 'People found' })
  await expect(found.getByRole('rowheader')).toHaveCount(1)
  await expect(found.getByRole('rowheader')).toContainText(`${username}@example.com`)
  await expectAccessible(page, 'people found by email')

  await found.getByRole('link', { name: username }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(username)
  await page.getByRole('combobox', { name: 'Role' }).selectOption('product')
  await page.getByRole('button', { name: 'Change role' }).click()
  await expect(page.getByRole('status').filter({ hasText: `${username}’s role is Product team` })).toBeVisible()
  await expect(page.locator('.person-facts')).toContainText('Product team')

  // Their sessions ended with the change: the next page they open is a visitor's.
  await member.reload()
  await expect(member.getByRole('link', { name: 'Sign in' })).toBeVisible()
})
