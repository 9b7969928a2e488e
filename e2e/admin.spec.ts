import type { Locator, Page } from '@playwright/test'

import { expect, signInLink, test } from './fixtures'

/*
 * /admin: community rules that only admins change, each change in the audit
 * log. The test puts the vote budget back as it found it, so the specs that
 * run after it in the same worker see the demo's rules.
 */

function budgetField(page: Page) {
  return page.getByLabel('Idea vote budget')
}

async function saveRules(page: Page) {
  await page.getByRole('button', { name: 'Save rules' }).click()
}

/** An audit entry for the vote budget, by admin, as the sentence the log writes. */
async function expectAuditEntry(entry: Locator, change: { from: number | null; to: number | null }) {
  const value = (v: number | null) => (v === null ? 'none' : String(v))
  await expect(entry).toContainText(`admin changed the idea vote budget from ${value(change.from)} to ${value(change.to)}`)
}

test.describe('administration', () => {
  test('an admin changes the vote budget: saved, in force, and in the audit log', async ({ page, newContext, signInAs, consoleErrors }) => {
    test.slow() // an admin and a member, each in their own browser
    await signInAs(page, 'admin')
    await page.goto('/')
    await page.getByRole('banner').getByRole('link', { name: 'Admin', exact: true }).click()
    await expect(page).toHaveURL('/admin')
    await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible()
    await expect(budgetField(page)).toHaveValue('')
    const audit = page.getByRole('region', { name: 'Audit log' }).getByRole('listitem')

    // A value out of range is refused, and nothing is recorded.
    consoleErrors.allowStatus(400)
    await budgetField(page).fill('0.5')
    await saveRules(page)
    await expect(page.locator('#voteBudget-error')).toHaveText('Enter a whole number from 1 to 1000, or leave it empty for no limit.')
    await expect(budgetField(page)).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByRole('alert')).toHaveText('Please correct the field below.')
    await expect(audit.filter({ hasText: 'the idea vote budget' })).toHaveCount(0)

    // Twenty-five votes each.
    await budgetField(page).fill('25')
    await saveRules(page)
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible()
    await expect(page.locator('#voteBudget-error')).toHaveText('')
    await expectAuditEntry(audit.first(), { from: null, to: 25 })
    await page.reload()
    await expect(budgetField(page)).toHaveValue('25')
    await expectAuditEntry(audit.first(), { from: null, to: 25 })

    // A member sees the budget next to an idea's vote button.
    const alice = await (await newContext()).newPage()
    await signInAs(alice, 'alice')
    await alice.goto('/ideas/roadmap')
    await alice.getByRole('link', { name: 'Dark mode for the mobile app', exact: true }).click()
    await expect(alice.getByRole('region', { name: 'Idea status and votes' }).getByText(/^\d+ of 25 votes left$/)).toBeVisible()

    // Back to no limit, also recorded; the member no longer sees a budget.
    await budgetField(page).fill('')
    await saveRules(page)
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible()
    await expectAuditEntry(audit.first(), { from: 25, to: null })
    await expectAuditEntry(audit.nth(1), { from: null, to: 25 })
    await alice.reload()
    await expect(
      alice.getByRole('region', { name: 'Idea status and votes' }).getByRole('button', { name: /Vote for this idea|Voted/ }),
    ).toBeVisible()
    await expect(alice.getByText(/votes left/)).toHaveCount(0)
  })

  for (const username of ['alice', 'sam']) {
    test(`${username === 'sam' ? 'staff' : 'a member'} (${username}) is refused /admin`, async ({ page, signInAs, consoleErrors }) => {
      consoleErrors.allowStatus(403)
      await signInAs(page, username)
      await page.goto('/')
      await expect(page.getByRole('link', { name: `Your profile, ${username}` })).toBeVisible()
      await expect(page.getByRole('banner').getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0)
      const response = await page.goto('/admin')
      expect(response?.status()).toBe(403)
      await expect(page.getByRole('heading', { level: 1, name: 'Not allowed' })).toBeVisible()
      await expect(page.getByLabel('Idea vote budget')).toHaveCount(0)
    })
  }

  test('a visitor is sent to sign in', async ({ page }) => {
    await page.goto('/admin')
    await expect(page).toHaveURL('/login?next=%2Fadmin')
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
    await expect(signInLink(page)).toBeVisible()
  })
})
