import { expect, join, markTrusted, startThread, test } from './fixtures'

const markdownBody = (marker: string) =>
  [`Setting up ${marker}: the **bold** part matters.`, '', '```', 'const answer = 42', 'console.log(answer)', '```'].join('\n')

test.describe('a newcomer’s first thread', () => {
  test('joins, posts, is held (sees the notice), staff approves in /mod, it appears for a visitor', async ({
    page,
    newContext,
    signInAs,
    consoleErrors,
  }) => {
    // The visitor asks for the held thread before it is approved: not found.
    consoleErrors.allowStatus(404)
    const username = await join(page)
    const title = `How do I get started, ${username}?`

    // Staff keep the queue open while the newcomer posts.
    const staff = await (await newContext()).newPage()
    await signInAs(staff, 'sam')
    await staff.goto('/mod')
    const moderationLink = staff.getByRole('link', { name: /^Moderation/ })
    await expect(moderationLink).toBeVisible()
    const waitingBefore = Number((await moderationLink.textContent())?.match(/(\d+)/)?.[1] ?? 0)

    // Ask a question in Getting started through the header's "New thread" link.
    await page.getByRole('link', { name: 'New thread' }).click()
    await expect(page).toHaveURL('/new')
    await page.getByLabel('Category').selectOption('getting-started')
    await page.getByRole('radio', { name: 'Question' }).check()
    await page.getByLabel('Title').fill(title)
    await page.getByLabel('Details').fill(markdownBody(username))
    await page.getByRole('button', { name: 'Post thread' }).click()

    // The author sees their thread, rendered, with the notice that it waits for a moderator.
    await expect(page).toHaveURL(/\/t\/\d+\/how-do-i-get-started-newbie-[a-z0-9-]+$/)
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
    await expect(page.getByText('Waiting for a moderator: new members’ first posts are reviewed before they appear.').first()).toBeVisible()
    const opening = page.locator('article#post-1')
    await expect(opening.locator('.prose strong')).toHaveText('bold')
    await expect(opening.locator('.prose pre code')).toContainText('const answer = 42')
    const threadPath = new URL(page.url()).pathname

    // A visitor cannot see it, nor find it in its category.
    const visitor = await (await newContext()).newPage()
    const before = await visitor.goto(threadPath)
    expect(before?.status()).toBe(404)
    await visitor.goto('/c/getting-started')
    await expect(visitor.getByRole('link', { name: title })).toHaveCount(0)

    // The staff header's count went up live; the queue lists it as held, and staff approve it.
    await expect(moderationLink).toContainText(String(waitingBefore + 1))
    await staff.reload()
    const item = staff.locator('.queue-item', { hasText: title })
    await expect(item.getByText('Held: new member')).toBeVisible()
    await item.getByRole('button', { name: `Approve post #1 in ${title}` }).click()
    await expect(staff.getByRole('status').filter({ hasText: 'Approved: it is public now as post #1.' })).toBeVisible()
    await expect(staff.locator('.queue-item', { hasText: title })).toHaveCount(0)

    // Now the visitor reads it, and the author's notice is gone.
    const after = await visitor.goto(threadPath)
    expect(after?.status()).toBe(200)
    await expect(visitor.getByRole('heading', { level: 1, name: title })).toBeVisible()
    await expect(visitor.locator('article#post-1 .prose strong')).toHaveText('bold')
    await visitor.goto('/c/getting-started')
    await expect(visitor.getByRole('link', { name: title })).toBeVisible()
    await page.reload()
    await expect(page.getByText('Waiting for a moderator', { exact: false })).toHaveCount(0)
  })

  test('preview renders Markdown without posting anything', async ({ page, database }) => {
    const username = await join(page)
    await markTrusted(database, username)
    const title = `Preview only ${username}`

    await page.goto('/new')
    await page.getByLabel('Category').selectOption('getting-started')
    await page.getByLabel('Title').fill(title)
    await page.getByLabel('Details').fill(markdownBody(username))
    await page.getByRole('button', { name: 'Preview' }).click()

    const preview = page.getByRole('region', { name: 'Preview' })
    await expect(preview.locator('strong')).toHaveText('bold')
    await expect(preview.locator('pre code')).toContainText('const answer = 42')
    await expect(page).toHaveURL('/new')
    // The form keeps what was typed, so posting is one click away.
    await expect(page.getByLabel('Title')).toHaveValue(title)
    await expect(page.getByLabel('Details')).toHaveValue(markdownBody(username))
    await expect(page.getByLabel('Category')).toHaveValue('getting-started')

    // Nothing was created: not in the category, not on the profile.
    await page.goto('/c/getting-started')
    await expect(page.getByRole('heading', { level: 1, name: 'Getting started' })).toBeVisible()
    await expect(page.getByRole('link', { name: title })).toHaveCount(0)
    await page.goto(`/u/${username}`)
    await expect(page.getByRole('heading', { level: 1, name: username })).toBeVisible()
    await expect(page.getByText('No threads here yet.')).toBeVisible()
    await expect(page.getByText('No posts yet.')).toBeVisible()
  })

  test('preview of a reply renders Markdown without posting it', async ({ page, database }) => {
    const username = await join(page)
    await markTrusted(database, username)
    const threadPath = await startThread(page, {
      title: `Reply preview ${username}`,
      body: 'Opening post for a reply preview.',
    })

    await page.getByRole('textbox', { name: 'Reply' }).fill('A reply with **strong words**')
    await page.getByRole('button', { name: 'Preview' }).click()
    await expect(page.getByRole('region', { name: 'Preview' }).locator('strong')).toHaveText('strong words')
    await expect(page.getByRole('textbox', { name: 'Reply' })).toHaveValue('A reply with **strong words**')

    await page.goto(threadPath)
    await expect(page.locator('article.post')).toHaveCount(1)
    await expect(page.getByRole('region', { name: 'Preview' })).toHaveCount(0)
  })

  test('an author edits their own post', async ({ page, database }) => {
    const username = await join(page)
    await markTrusted(database, username)
    const threadPath = await startThread(page, {
      title: `Editable ${username}`,
      body: 'First draft of the question.',
    })
    const opening = page.locator('article#post-1')
    await expect(opening).toContainText('First draft of the question.')
    await expect(opening.getByText('edited', { exact: true })).toHaveCount(0)

    await opening.getByRole('link', { name: 'Edit post #1' }).click()
    await expect(page).toHaveURL(/\/p\/\d+\/edit$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Edit post #1' })).toBeVisible()
    const editor = page.getByLabel('Post', { exact: true })
    await expect(editor).toHaveValue('First draft of the question.')
    await editor.fill('Second draft, now with _emphasis_.')
    await page.getByRole('button', { name: 'Save changes' }).click()

    await expect(page).toHaveURL(threadPath)
    await expect(opening).toContainText('Second draft, now with emphasis.')
    await expect(opening.locator('.prose em')).toHaveText('emphasis')
    await expect(opening).not.toContainText('First draft')
    await expect(opening.getByText('edited', { exact: true })).toBeVisible()

    // The edit is stored, not just shown.
    await page.reload()
    await expect(opening).toContainText('Second draft, now with emphasis.')
    await expect(opening.getByText('edited', { exact: true })).toBeVisible()
  })

  test('a member cannot edit someone else’s post', async ({ page, newContext, consoleErrors, signInAs }) => {
    consoleErrors.allowStatus(403)
    await signInAs(page, 'chen')
    await page.goto('/c/general')
    await page.getByRole('link', { name: 'Welcome to the community!' }).click()
    await expect(
      page.getByRole('heading', {
        level: 1,
        name: 'Welcome to the community!',
      }),
    ).toBeVisible()
    const threadPath = new URL(page.url()).pathname
    await expect(page.locator('article#post-1')).toHaveAttribute('aria-label', /by sam$/)
    await expect(page.locator('article#post-1').getByRole('link', { name: /^Edit/ })).toHaveCount(0)
    // Chen's own reply in the same thread is editable.
    const own = page.locator('article#post-3')
    await expect(own).toHaveAttribute('aria-label', 'Reply 2 by chen')
    const editLink = own.getByRole('link', { name: 'Edit post #3' })
    await expect(editLink).toBeVisible()
    const editPath = (await editLink.getAttribute('href'))!
    expect(editPath).toMatch(/^\/p\/\d+\/edit$/)

    // Dana, opening chen's edit page directly, is refused; so is a forged save.
    const dana = await (await newContext()).newPage()
    await signInAs(dana, 'dana')
    const response = await dana.goto(editPath)
    expect(response?.status()).toBe(403)
    await expect(dana.getByRole('heading', { level: 1, name: 'Not allowed' })).toBeVisible()
    await expect(dana.getByRole('textbox', { name: 'Post' })).toHaveCount(0)
    const forged = await dana.context().request.post(editPath, {
      form: { intent: 'save', body: 'Dana was here' },
      maxRedirects: 0,
    })
    expect(forged.status()).toBe(403)

    await page.goto(threadPath)
    await expect(own).toContainText('Hi all')
    await expect(own).not.toContainText('Dana was here')
    await expect(own.getByText('edited', { exact: true })).toHaveCount(0)
  })
})
