import { expect, expectAccessible, test, uniqueName } from './fixtures'

/*
 * An admin runs categories from /admin/categories: a new category made
 * members-only is gone for visitors and there for members. The category is
 * the test's own, so no other spec sees it.
 */

test('an admin creates a category and makes it members-only: visitors cannot see it, members can', async ({
  page,
  newContext,
  signInAs,
  consoleErrors,
}) => {
  test.slow() // an admin, a visitor and a member, each in their own browser
  const slug = uniqueName('lounge').replace('_', '-')
  const name = `Lounge ${slug.slice(7)}`

  await signInAs(page, 'admin')
  await page.goto('/admin')
  await page.getByRole('link', { name: 'Categories', exact: true }).click()
  await expect(page).toHaveURL('/admin/categories')

  const create = page.getByRole('region', { name: 'New category' })
  await create.getByLabel('Name').fill(name)
  await create.getByLabel('Address').fill(slug)
  await create.getByLabel('Description').fill('Members talk among themselves.')
  await create.getByRole('button', { name: 'Create category' }).click()
  await expect(page.getByRole('status')).toHaveText(`Created “${name}” at /c/${slug}.`)

  const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) })
  await item.getByLabel('Who reads it').selectOption('members')
  await item.getByRole('button', { name: `Save readers of ${name}` }).click()
  await expect(page.getByRole('status')).toContainText('Signed-in members read the category')
  await expect(item.getByText('Members only')).toBeVisible()
  await expectAccessible(page, 'categories administration')

  // The visitor is meant to meet a 404.
  consoleErrors.allowStatus(404)
  const visitor = await (await newContext()).newPage()
  expect((await visitor.goto(`/c/${slug}`))?.status()).toBe(404)
  await visitor.goto('/')
  await expect(visitor.getByRole('heading', { name: 'Categories' })).toBeVisible()
  await expect(visitor.getByRole('link', { name })).toHaveCount(0)

  const member = await (await newContext()).newPage()
  await signInAs(member, 'alice')
  await member.goto('/')
  await member.getByRole('link', { name }).click()
  await expect(member.getByRole('heading', { level: 1 })).toContainText(name)
  await expect(member.getByText('Members talk among themselves.')).toBeVisible()
})
