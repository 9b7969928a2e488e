import { expect, expectAccessible, test } from './fixtures'

/* Staff read what the community tells the company, and change the period from the keyboard alone. */

test('staff open insights, switch the period with the keyboard and find each chart’s numbers as a table', async ({ page, signInAs }) => {
  await signInAs(page, 'sam')
  await page.goto('/')
  await page.getByRole('navigation', { name: 'Main' }).first().getByRole('link', { name: 'Insights' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible()
  const periods = page.getByRole('navigation', { name: 'Period' })
  await expect(periods.getByRole('link', { name: '30 days' })).toHaveAttribute('aria-current', 'page')

  await periods.getByRole('link', { name: '7 days' }).focus()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/insights\?days=7$/)
  await expect(periods.getByRole('link', { name: '7 days' })).toHaveAttribute('aria-current', 'page')

  await expect(page.getByRole('img', { name: /Questions asked per day/ })).toBeVisible()
  await page.getByText('Questions asked per day as a table').click()
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Day' }) })
  await expect(table.getByRole('row')).toHaveCount(8)
  await expectAccessible(page, 'insights')
})
