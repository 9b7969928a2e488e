import type { Page } from '@playwright/test'

import { expect, expectAccessible, join, markTrusted, NEW_PASSWORD, signIn, startThread, test, uniqueName } from './fixtures'

/*
 * Moderation: members flag, a post enough of them flag disappears for
 * visitors, staff decide in /mod, and a suspended member is told why they
 * cannot post.
 */

async function flag(page: Page, path: string, text: string) {
  await page.goto(path)
  const post = page.locator('article.post', { hasText: text })
  await post.getByRole('link', { name: /^Flag post/ }).click()
  await expect(page.getByRole('heading', { name: /^Flag post #\d+$/ })).toBeVisible()
  await page.getByLabel('Spam').check()
  await page.getByRole('button', { name: 'Send flag' }).click()
  // Back on the post: flagged, or hidden already when this flag was the one that tipped it.
  await expect(page).toHaveURL(/#post-\d+$/)
  await expect(page.getByText(/^(You flagged this post\.|This post is hidden\.)$/).first()).toBeVisible()
}

test.describe('moderation', () => {
  test.beforeEach(() => test.slow())

  test('three members flag a post: it disappears for visitors; staff approve it in /mod and it is back', async ({
    page,
    newContext,
    signInAs,
  }) => {
    const author = await (await newContext()).newPage()
    await signInAs(author, 'dana')
    const title = `Where are the export settings? ${uniqueName('m')}`
    const path = await startThread(author, { kind: 'Discussion', title, body: 'I cannot find them.' })
    const spam = `Cheap licences at example.test ${uniqueName('s')}`
    await author.getByRole('textbox', { name: 'Reply' }).fill(spam)
    await author.getByRole('button', { name: 'Post reply' }).click()
    await expect(author.locator('article.post', { hasText: spam })).toBeVisible()

    for (const member of ['alice', 'bruno', 'chen']) {
      const flagger = await (await newContext()).newPage()
      await signInAs(flagger, member)
      await flag(flagger, path, spam)
    }

    const visitor = await (await newContext()).newPage()
    await visitor.goto(path)
    await expect(visitor.getByText('This post is hidden.')).toBeVisible()
    await expect(visitor.getByText(spam)).toHaveCount(0)
    // Its author still sees it, and why.
    await author.reload()
    await expect(author.getByText('This post is hidden from the community (Flagged by the community as spam)')).toBeVisible()

    await signInAs(page, 'sam')
    await page.goto('/')
    await expect(
      page
        .getByRole('navigation', { name: 'Main' })
        .first()
        .getByRole('link', { name: /Moderation/ }),
    ).toContainText('waiting')
    await page.goto('/mod')
    const item = page.locator('.queue-item', { hasText: spam })
    await expect(item).toContainText('3 flags')
    await expect(item).toContainText('Hidden')
    await expectAccessible(page, 'moderation queue')
    await item.getByRole('button', { name: /^Approve/ }).click()
    await expect(page.getByText(/Approved post #2/)).toBeVisible()
    await expect(page.locator('.queue-item', { hasText: spam })).toHaveCount(0)

    await visitor.reload()
    await expect(visitor.getByText(spam)).toBeVisible()
  })

  test('a suspended member cannot reply and sees why', async ({ database, page, newContext, signInAs }) => {
    // A member of their own: the demo accounts serve the other tests in this worker.
    const member = await (await newContext()).newPage()
    const name = await join(member, 'rowdy')
    await markTrusted(database, name)
    const title = `A newcomer asks ${uniqueName('q')}`
    const path = await startThread(member, { kind: 'Discussion', title, body: 'Anyone?' })
    await member.getByRole('textbox', { name: 'Reply' }).fill(`A reply that gets flagged by staff ${uniqueName('r')}`)
    await member.getByRole('button', { name: 'Post reply' }).click()

    // Staff flag it (one staff flag is enough) and suspend its author from the queue.
    await signInAs(page, 'sam')
    await flag(page, path, 'A reply that gets flagged by staff')
    await page.goto('/mod')
    const item = page.locator('.queue-item', { hasText: 'A reply that gets flagged by staff' }).first()
    await item.locator('summary', { hasText: `Suspend ${name}` }).click()
    await item.getByLabel('For').selectOption('3')
    await item.getByLabel('Reason, shown to them').fill('Cooling off after a heated thread')
    await item.getByRole('button', { name: `Suspend ${name}` }).click()
    await expect(page.getByText(`Suspended ${name}.`)).toBeVisible()

    // Their session ended; signed in again they can read, not reply, and are told why.
    await signIn(member, name, NEW_PASSWORD)
    await member.goto(path)
    await expect(member.getByText(/Your account is suspended until .*: Cooling off after a heated thread/)).toBeVisible()
    await expect(member.getByRole('textbox', { name: 'Reply' })).toHaveCount(0)
  })
})
