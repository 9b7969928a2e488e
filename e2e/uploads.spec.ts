import sharp from 'sharp'

import { expect, expectAccessible, join, markTrusted, startThread, test } from './fixtures'

/*
 * Screenshots in posts: pasted into the editor, picked with its file field
 * (with or without JavaScript), shown to every reader, and taken down by staff.
 */

/** A screenshot-like PNG: a window with a title bar on a flat background. */
async function screenshot(width = 320, height = 200): Promise<Buffer> {
  const bar = await sharp({ create: { width, height: 28, channels: 3, background: '#4f46e5' } })
    .png()
    .toBuffer()
  return sharp({ create: { width, height, channels: 3, background: '#f6f7f9' } })
    .composite([{ input: bar, top: 0, left: 0 }])
    .png()
    .toBuffer()
}

/** Whether an image in the page has loaded its bytes (not a broken icon). */
async function loaded(image: import('@playwright/test').Locator): Promise<boolean> {
  return image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
}

test.describe('uploads', () => {
  test('a member pastes a screenshot into a reply, describes it, previews and posts it; readers with and without JavaScript see it', async ({
    page,
    database,
    newContext,
  }) => {
    const username = await join(page, 'paster')
    await markTrusted(database, username)
    const title = `Export button does nothing ${Date.now().toString(36)}`
    const threadPath = await startThread(page, { title, body: 'Clicking **Export** shows nothing at all.' })

    // Someone else is reading the thread as the reply is posted.
    const reader = await (await newContext()).newPage()
    await reader.goto(threadPath)

    const reply = page.getByRole('textbox', { name: 'Reply' })
    await reply.fill('This is what I get:\n')
    const png = (await screenshot()).toString('base64')
    await reply.evaluate((box: HTMLTextAreaElement, base64: string) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const data = new DataTransfer()
      data.items.add(new File([bytes], 'image.png', { type: 'image/png' }))
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, png)
    await expect(reply).toHaveValue(/^This is what I get:\n!\[image\.png\]\(\/uploads\/[0-9a-f]{64}\.png\)\n$/)
    await expect(page.getByRole('status').filter({ hasText: 'image.png added.' })).toBeVisible()

    // The editor asks for a description; the file name stands in until one is given.
    const description = page.getByRole('textbox', { name: 'Describe image.png for people who cannot see it' })
    await expect(description).toHaveValue('image.png')
    await description.fill('Export dialog, empty')
    await description.blur()
    await expect(reply).toHaveValue(/!\[Export dialog, empty\]\(\/uploads\/[0-9a-f]{64}\.png\)/)
    await expectAccessible(page, 'editor with an attached image')

    await page.getByRole('button', { name: 'Preview' }).click()
    const preview = page.getByRole('region', { name: 'Preview' }).getByRole('img', { name: 'Export dialog, empty' })
    await expect(preview).toBeVisible()
    expect(await loaded(preview)).toBe(true)

    await page.getByRole('button', { name: 'Post reply' }).click()
    const posted = page.locator('article.post').last().getByRole('img', { name: 'Export dialog, empty' })
    await expect(posted).toBeVisible()
    await expect(posted).toHaveAttribute('width', '320')
    await expect(posted).toHaveAttribute('height', '200')
    await expect(posted).toHaveAttribute('loading', 'lazy')
    expect(await loaded(posted)).toBe(true)

    // The reader sees it arrive live.
    const arrived = reader.getByRole('img', { name: 'Export dialog, empty' })
    await expect(arrived).toBeVisible()
    expect(await loaded(arrived)).toBe(true)
    // A click opens it full size.
    await expect(reader.getByRole('link').filter({ has: arrived })).toHaveAttribute('href', /^\/uploads\/[0-9a-f]{64}\.png$/)

    const visitor = await (await newContext({ javaScriptEnabled: false })).newPage()
    await visitor.goto(threadPath)
    const seen = visitor.getByRole('img', { name: 'Export dialog, empty' })
    await expect(seen).toBeVisible()
    expect(await loaded(seen)).toBe(true)
  })

  test('without JavaScript, a member attaches a screenshot with the file field, and staff take it down', async ({
    newContext,
    database,
    signInAs,
    page,
    consoleErrors,
  }) => {
    // The refused file below is answered 400, as a form with a mistake is.
    consoleErrors.allowStatus(400)
    const context = await newContext({ javaScriptEnabled: false })
    const member = await context.newPage()
    const username = await join(member, 'picker')
    await markTrusted(database, username)
    const threadPath = await startThread(member, {
      title: `Chart labels overlap ${Date.now().toString(36)}`,
      body: 'The labels overlap on the chart.',
    })

    await member.getByRole('textbox', { name: 'Reply' }).fill('Here it is.')
    await member
      .getByLabel('Attach images or files')
      .setInputFiles({ name: 'chart.png', mimeType: 'image/png', buffer: await screenshot(240, 160) })
    await member.getByRole('button', { name: 'Post reply' }).click()
    const image = member.locator('article.post').last().getByRole('img', { name: 'chart.png' })
    await expect(image).toBeVisible()
    expect(await loaded(image)).toBe(true)

    // A file that is not what its name says is refused with a sentence, keeping the text.
    await member.getByRole('textbox', { name: 'Reply' }).fill('And the log.')
    await member
      .getByLabel('Attach images or files')
      .setInputFiles({ name: 'trace.png', mimeType: 'image/png', buffer: Buffer.from('<html>not an image</html>') })
    await member.getByRole('button', { name: 'Post reply' }).click()
    await expect(member.getByText('“trace.png” is not a PNG image (the file could not be read as one).').first()).toBeVisible()
    await expect(member.getByRole('textbox', { name: 'Reply' })).toHaveValue('And the log.')

    // Staff take the screenshot down from the uploads list: the post shows a notice in its place.
    await signInAs(page, 'sam')
    await page.goto('/mod/uploads')
    const item = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: 'chart.png' }) })
      .first()
    await item.getByRole('textbox', { name: 'Reason for taking chart.png down' }).fill('Shows a customer’s data')
    await item.getByRole('button', { name: 'Take down' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Taken down' })).toBeVisible()

    await member.goto(threadPath)
    await expect(member.getByRole('img', { name: 'chart.png' })).toHaveCount(0)
    await expect(member.locator('article.post').last()).toContainText('Image removed by staff')
  })
})
