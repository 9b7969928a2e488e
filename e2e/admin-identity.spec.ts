import { expect, expectAccessible, test } from './fixtures'

/*
 * An admin renames the community and gives it an accent colour: the header
 * follows at once. The test puts the demo's identity back, so the specs that
 * run after it in the same worker see "Community".
 */

test('an admin changes the name and the accent colour, and the header follows', async ({ page, signInAs }) => {
  await signInAs(page, 'admin')
  await page.goto('/admin')
  await expect(page.getByRole('group', { name: 'Trust and safety' }).getByLabel('Flags that hide a post')).toHaveValue('3')
  await expectAccessible(page, 'administration')

  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Identity' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Identity' })).toBeVisible()
  const header = page.getByRole('banner')
  const newThread = header.getByRole('link', { name: 'New thread' })
  const save = async (name: string, accent: string) => {
    await page.getByLabel('Name', { exact: true }).fill(name)
    await page.getByLabel('Accent colour').fill(accent)
    await page.getByRole('button', { name: 'Save identity' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Identity saved.' })).toBeVisible()
  }

  try {
    await save('Harbour Help', '#0b5d3b')
    await expect(header.getByRole('link', { name: 'Harbour Help home' })).toBeVisible()
    await expect(page).toHaveTitle('Identity · Administration · Harbour Help')
    await expect(newThread).toHaveCSS('background-color', 'rgb(11, 93, 59)')
    await page.goto('/')
    await expect(page.getByRole('heading', { level: 1, name: 'Harbour Help' })).toBeVisible()
    await expect(newThread).toHaveCSS('background-color', 'rgb(11, 93, 59)')
    await page.goBack()
  } finally {
    await page.goto('/admin/identity')
    await save('Community', '')
  }
  await expect(header.getByRole('link', { name: 'Community home' })).toBeVisible()
  await expect(newThread).toHaveCSS('background-color', 'rgb(79, 70, 229)')
})
