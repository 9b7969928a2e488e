import { describe, expect, it } from 'vitest'

import { removeUpload } from '../app/domain/uploads/uploads.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { setupForumServer, signIn } from '../tests/forum-server'
import { png } from '../tests/images'
import { createPostgresStore } from '../uploads/postgres'

const db = setupTestDatabase()
const forum = setupForumServer(db)

/** Sends one file as the editor does (pasted, dropped or picked). */
async function upload(cookie: string | undefined, name: string, bytes: Buffer, type = 'application/octet-stream') {
  const body = new FormData()
  body.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
  const response = await fetch(`${forum.url}/uploads`, {
    method: 'POST',
    body,
    headers: { Origin: forum.url, Accept: 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
  })
  return { status: response.status, json: (await response.json()) as { path?: string; markdown?: string; hash?: string; error?: string } }
}

async function member(role: 'member' | 'staff' = 'member') {
  const user = await makeUser(db.sql, { role })
  return { user, cookie: await signIn(forum.url, user.username, TEST_PASSWORD) }
}

describe('uploads over HTTP', () => {
  it('takes a member’s screenshot and serves it immutable, with a strong ETag and a 304 for a browser that has it', async () => {
    const { cookie } = await member()
    const bytes = await png(60, 40, '#123456')
    const sent = await upload(cookie, 'screenshot.png', bytes, 'image/png')
    expect(sent.status).toBe(201)
    expect(sent.json.path).toMatch(/^\/uploads\/[0-9a-f]{64}\.png$/)
    expect(sent.json.markdown).toBe(`![screenshot.png](${sent.json.path})`)

    const served = await fetch(`${forum.url}${sent.json.path}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(served.headers.get('etag')).toBe(`"${sent.json.hash}"`)
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('content-security-policy')).toContain('sandbox')
    expect(Buffer.from(await served.arrayBuffer()).length).toBeGreaterThan(0)

    const again = await fetch(`${forum.url}${sent.json.path}`, { headers: { 'If-None-Match': `"${sent.json.hash}"` } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    // The same hash under another ending is not a file the forum has.
    expect((await fetch(`${forum.url}${sent.json.path!.replace('.png', '.gif')}`)).status).toBe(404)
  })

  it('serves other files only as downloads, under the name they were uploaded with', async () => {
    const { cookie } = await member()
    const sent = await upload(cookie, 'server log.txt', Buffer.from('<html><script>alert(1)</script></html>'), 'text/html')
    expect(sent.status).toBe(201)
    expect(sent.json.markdown).toBe(`[server log.txt](${sent.json.path})`)
    const served = await fetch(`${forum.url}${sent.json.path}`)
    expect(served.headers.get('content-disposition')).toBe(`attachment; filename="server log.txt"; filename*=UTF-8''server%20log.txt`)
    expect(served.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('answers a refused upload with a sentence and a 4xx, and a visitor with 401', async () => {
    const { cookie } = await member()
    const html = await upload(cookie, 'cat.png', Buffer.from('<!doctype html><p>hi'), 'image/png')
    expect(html).toEqual({ status: 400, json: { error: '“cat.png” is not a PNG image (the file could not be read as one).' } })
    const svg = await upload(cookie, 'logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml')
    expect(svg.status).toBe(400)
    expect(svg.json.error).toMatch(/“logo.svg” cannot be attached/)
    expect((await upload(undefined, 'a.png', await png())).status).toBe(401)
    const form = await fetch(`${forum.url}/uploads`, {
      method: 'POST',
      headers: { Origin: forum.url, Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nnonsense',
    })
    expect(form.status).toBe(400)
  })

  it('refuses an upload another site starts', async () => {
    const { cookie } = await member()
    const body = new FormData()
    body.append('file', new Blob([new Uint8Array(await png())]), 'a.png')
    const response = await fetch(`${forum.url}/uploads`, {
      method: 'POST',
      body,
      headers: { Origin: 'https://evil.example', Cookie: cookie },
    })
    expect(response.status).toBe(403)
  })

  it('adds files sent with a reply form without JavaScript, and shows them in the thread', async () => {
    const { user, cookie } = await member()
    const category = await makeCategory(db.sql)
    const thread = await makeThread(db.sql, user, category.slug)
    const body = new FormData()
    body.append('intent', 'reply')
    body.append('body', 'Here is what I see:')
    body.append('files', new Blob([new Uint8Array(await png(30, 30, '#654321'))], { type: 'image/png' }), 'error dialog.png')
    const posted = await fetch(`${forum.url}/t/${thread.threadId}/${thread.slug}`, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { Origin: forum.url, Cookie: cookie },
    })
    expect(posted.status).toBe(302)
    const [reply] = await db.sql<
      { markdown: string }[]
    >`select markdown from posts where thread_id = ${thread.threadId} and post_number = 2`
    expect(reply.markdown).toMatch(/^Here is what I see:\n\n!\[error dialog\.png\]\(\/uploads\/[0-9a-f]{64}\.png\)$/)
    const page = await (await fetch(`${forum.url}/t/${thread.threadId}/${thread.slug}`)).text()
    const image = /<a href="\/uploads\/[0-9a-f]{64}\.png" class="upload-image"[^>]*><img [^>]*>/.exec(page)?.[0] ?? ''
    expect(image).toContain('alt="error dialog.png" width="30" height="30"')
    expect(image).toContain('loading="lazy"')
  })

  it('stops serving a taken-down file at once, in this process too', async () => {
    const { cookie } = await member()
    const { user: staff } = await member('staff')
    const sent = await upload(cookie, 'mistake.png', await png(20, 20, '#999999'), 'image/png')
    expect((await fetch(`${forum.url}${sent.json.path}`)).status).toBe(200)
    await removeUpload(db.sql, createPostgresStore(db.sql), staff, sent.json.hash!)
    await expect.poll(async () => (await fetch(`${forum.url}${sent.json.path}`)).status).toBe(404)
    expect((await fetch(`${forum.url}${sent.json.path}`, { headers: { 'If-None-Match': `"${sent.json.hash}"` } })).status).toBe(404)
  })

  it('reports where upload bytes live on /healthz', async () => {
    const health = (await (await fetch(`${forum.url}/healthz`)).json()) as { uploads: unknown }
    expect(health.uploads).toEqual({ store: 'postgres', ok: true })
  })
})
