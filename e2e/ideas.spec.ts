import type { Locator, Page } from '@playwright/test'

import { expect, startThread, test, uniqueName } from './fixtures'

/*
 * The innovation board: members vote for ideas, product teams triage them,
 * and the roadmap shows where each stands. Tests that change an idea post
 * one of their own, so the demo ideas stay as seeded for the others.
 */

type Marked = { __noReload?: boolean }

/** An idea's row on a list of ideas (the board, the triage queue, a roadmap column). */
function ideaRow(list: Page | Locator, title: string): Locator {
  // `has` is looked for inside each row, so it starts from the page, not from the list.
  const page = 'goto' in list ? list : list.page()
  return list.locator('li.idea-row', { has: page.getByRole('link', { name: title, exact: true }) })
}

function votePanel(page: Page) {
  const panel = page.getByRole('region', { name: 'Idea status and votes' })
  return { panel, button: panel.locator('.idea-vote button'), count: panel.locator('.idea-vote__count') }
}

/** Posts an idea as `page`'s user and returns its title and path. */
async function postIdea(page: Page, about: string): Promise<{ title: string; path: string }> {
  const title = `${about} (${uniqueName('idea')})`
  const path = await startThread(page, {
    category: 'ideas',
    kind: 'Idea',
    title,
    body: `It would help our team if ${about.toLowerCase()}.`,
  })
  return { title, path }
}

test.describe('the innovation board', () => {
  test('a member votes for an idea: the count changes in place, is stored, and shows on the board', async ({
    page,
    newContext,
    signInAs,
  }) => {
    test.slow() // two people, each in their own browser, and several page loads
    const author = await (await newContext()).newPage()
    await signInAs(author, 'dana')
    const { title, path } = await postIdea(author, 'Saved filters could be shared with the team')

    // On the board (newest first), the new idea has no votes yet.
    await signInAs(page, 'alice')
    await page.goto('/ideas')
    await expect(page.getByRole('heading', { level: 1, name: 'Ideas' })).toBeVisible()
    await page.getByRole('navigation', { name: 'Sort ideas' }).getByRole('link', { name: 'Newest' }).click()
    await expect(page).toHaveURL('/ideas?sort=newest')
    const row = ideaRow(page, title)
    await expect(row.locator('.idea-row__votes')).toHaveText('0votes')
    await expect(row).toContainText('New')
    await expect(row).toContainText('by dana')

    // Alice opens it from the board and votes: the count changes without a page load.
    await row.getByRole('link', { name: title, exact: true }).click()
    await expect(page).toHaveURL(path)
    const { button, count } = votePanel(page)
    await expect(count).toHaveText('0 votes')
    await expect(button).toHaveAttribute('aria-pressed', 'false')
    await expect(button).toHaveText('Vote for this idea')
    await page.evaluate(() => {
      ;(window as Marked).__noReload = true
    })
    const saved = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(path))
    await button.click()
    await expect(button).toHaveAttribute('aria-pressed', 'true')
    await expect(button).toHaveText('✓ Voted')
    await expect(count).toHaveText('1 vote')
    expect((await saved).ok()).toBe(true)
    expect(await page.evaluate(() => (window as Marked).__noReload), 'the page was not reloaded').toBe(true)

    // The vote is stored.
    await page.reload()
    await expect(button).toHaveAttribute('aria-pressed', 'true')
    await expect(count).toHaveText('1 vote')

    // Taking it back and voting again, each time stored.
    await button.click()
    await expect(button).toHaveAttribute('aria-pressed', 'false')
    await expect(count).toHaveText('0 votes')
    await page.reload()
    await expect(count).toHaveText('0 votes')
    await button.click()
    await expect(count).toHaveText('1 vote')

    // The author sees the vote, and the board counts it.
    await author.goto(path)
    await expect(votePanel(author).count).toHaveText('1 vote')
    await page.goto('/ideas?sort=newest')
    await expect(ideaRow(page, title).locator('.idea-row__votes')).toHaveText('1vote')
  })

  test('product triages a new idea: a status with a public note, then on the roadmap', async ({
    page,
    newContext,
    signInAs,
    consoleErrors,
  }) => {
    test.slow() // two people, each in their own browser, and several page loads
    const member = await (await newContext()).newPage()
    await signInAs(member, 'chen')
    const { title, path } = await postIdea(member, 'Keyboard shortcuts for the ticket list')

    // Priya finds it in the triage queue and opens it.
    await signInAs(page, 'priya')
    await page.goto('/ideas')
    await page.getByRole('link', { name: 'Triage queue' }).click()
    await expect(page).toHaveURL('/ideas/triage')
    await expect(page.getByRole('heading', { level: 1, name: 'Triage queue' })).toBeVisible()
    await ideaRow(page, title).getByRole('link', { name: title, exact: true }).click()
    await expect(page).toHaveURL(path)

    const panel = page.getByRole('region', { name: 'Idea status and votes' })
    await expect(panel.locator('.idea-panel__summary')).toContainText('New')
    await panel.getByText('Triage: status, links, merges').click()
    const status = panel.getByLabel('Status', { exact: true })
    const note = panel.getByLabel('Public note (required for Shipped and Declined)')

    // Shipping needs a note telling customers what happened.
    consoleErrors.allowStatus(400)
    await status.selectOption('shipped')
    await panel.getByRole('button', { name: 'Change status' }).click()
    await expect(panel.locator('#status-note-error')).toHaveText(
      'Shipped and declined ideas need a public note (at least 5 characters) telling customers what happened.',
    )
    await expect(note).toHaveAttribute('aria-invalid', 'true')
    await expect(panel.locator('.idea-panel__summary')).toContainText('New')

    // Planned, with a note for the customers.
    const publicNote = `Planned for the next release, ${uniqueName('note')}.`
    await status.selectOption('planned')
    await note.fill(publicNote)
    await panel.getByRole('button', { name: 'Change status' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Status changed to Planned.' })).toBeVisible()
    await expect(panel.locator('.idea-panel__summary')).toContainText('Planned')
    const entry = panel.locator('ol.timeline > li').filter({ hasText: 'moved it from New to Planned' })
    await expect(entry).toContainText('priya')
    await expect(entry).toContainText(publicNote)

    // The member sees the status and the note.
    await member.goto(path)
    await expect(member.getByRole('region', { name: 'Idea status and votes' }).locator('ol.timeline')).toContainText(publicNote)
    await expect(member.getByText('Triage: status, links, merges')).toHaveCount(0)

    // It has left the triage queue, and sits in the roadmap's Planned column.
    await page.goto('/ideas/triage')
    await expect(page.getByRole('heading', { level: 1, name: 'Triage queue' })).toBeVisible()
    await expect(page.getByRole('link', { name: title, exact: true })).toHaveCount(0)
    await page.goto('/ideas/roadmap')
    await expect(ideaRow(page.getByRole('region', { name: /^Planned/ }), title)).toBeVisible()
    await expect(ideaRow(page.getByRole('region', { name: /^Planned/ }), title)).toContainText('Planned')
    for (const other of ['In progress', 'Recently shipped']) {
      await expect(page.getByRole('region', { name: new RegExp(`^${other}`) }).getByRole('link', { name: title, exact: true })).toHaveCount(
        0,
      )
    }
  })

  test('a member is refused the triage queue', async ({ page, signInAs, consoleErrors }) => {
    consoleErrors.allowStatus(403)
    await signInAs(page, 'bruno')
    await page.goto('/ideas')
    await expect(page.getByRole('heading', { level: 1, name: 'Ideas' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Triage queue' })).toHaveCount(0)
    await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveCount(0)
    const response = await page.goto('/ideas/triage')
    expect(response?.status()).toBe(403)
    await expect(page.getByRole('heading', { level: 1, name: 'Not allowed' })).toBeVisible()
  })

  test('a visitor reads the roadmap, and is asked to sign in to vote', async ({ page }) => {
    await page.goto('/ideas')
    await page.getByRole('link', { name: 'Roadmap' }).click()
    await expect(page).toHaveURL('/ideas/roadmap')
    await expect(page.getByRole('heading', { level: 1, name: 'Roadmap' })).toBeVisible()

    // The demo's ideas, each in its column.
    const columns = {
      Planned: 'Dark mode for the mobile app',
      'In progress': 'Bulk edit for ticket fields',
      'Recently shipped': 'Export reports as PDF',
    }
    for (const [column, title] of Object.entries(columns)) {
      const region = page.getByRole('region', { name: new RegExp(`^${column}`) })
      await expect(region.getByRole('heading', { level: 2 })).toHaveText(new RegExp(`^${column} \\(\\d+\\)$`))
      await expect(ideaRow(region, title)).toBeVisible()
    }
    await expect(ideaRow(page, 'Dark mode for the mobile app')).toContainText('Planned')
    await expect(ideaRow(page, 'Export reports as PDF')).toContainText('Shipped')

    // A visitor can read an idea; voting sends them to sign in and back.
    await page.getByRole('link', { name: 'Dark mode for the mobile app', exact: true }).click()
    await expect(page).toHaveURL(/\/t\/\d+\/dark-mode-for-the-mobile-app$/)
    const path = new URL(page.url()).pathname
    const { button, count } = votePanel(page)
    await expect(count).toHaveText(/^\d+ votes$/)
    await button.click()
    await expect(page).toHaveURL(`/login?next=${encodeURIComponent(path)}`)
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  })
})
