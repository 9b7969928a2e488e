import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { sendConfirmation } from '../app/domain/addresses/confirmation.server'
import type { User } from '../app/domain/policy.server'
import { replyToThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'
import { jpegWithLocation, png } from '../tests/images'

const db = setupTestDatabase()
const forum = setupForumServer(db)

const emailOf = (user: User) => `${user.username}@example.test`
const mailFolder = () => path.join(forum.dataDir, 'mail')

async function mailFiles(): Promise<string[]> {
  const names = await readdir(mailFolder()).catch(() => [] as string[])
  return Promise.all(names.filter((n) => n.endsWith('.eml')).map((n) => readFile(path.join(mailFolder(), n), 'utf8')))
}

/** Waits for the mail consumer to write a message naming this address. */
async function mailTo(address: string) {
  for (let i = 0; i < 100; i++) {
    if ((await mailFiles()).some((text) => text.includes(address))) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no mail to ${address}`)
}

/** Every text, varchar and jsonb column of every table that holds this text anywhere. */
async function columnsHolding(text: string): Promise<string[]> {
  const columns = await db.sql<{ table: string; column: string; type: string }[]>`
    select table_name as table, column_name as column, data_type as type from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb')
      and table_name in (select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE')`
  const found: string[] = []
  for (const { table, column } of columns) {
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from ${db.sql(table)} where position(lower(${text}) in lower(${db.sql(column)}::text)) > 0`
    if (row.n > 0) found.push(`${table}.${column}`)
  }
  return found
}

async function memberWithData() {
  const member = await makeUser(db.sql)
  const other = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const thread = await makeThread(db.sql, other, category.slug, { body: 'A question from someone else.' })
  const reply = await replyToThread(db.sql, member, thread.threadId, 'My **own** answer, quite personal.')
  const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
  return { member, other, thread, reply, cookie }
}

describe('profile settings', () => {
  it('saves a display name and bio shown on the profile page, and refuses ones too long', async () => {
    const { member, cookie } = await memberWithData()
    const tooLong = await postForm(forum.url, '/settings/profile', { intent: 'save', displayName: 'x'.repeat(51), bio: '' }, cookie)
    expect(tooLong.status).toBe(400)
    expect(await tooLong.text()).toContain('at most 50 characters')
    const longBio = await postForm(forum.url, '/settings/profile', { intent: 'save', displayName: '', bio: 'b'.repeat(501) }, cookie)
    expect(longBio.status).toBe(400)
    const saved = await postForm(
      forum.url,
      '/settings/profile',
      { intent: 'save', displayName: 'Ada L.', bio: 'I <b>like</b> sums.' },
      cookie,
    )
    expect(saved.status).toBe(200)
    const profile = await (await fetch(`${forum.url}/u/${member.username}`)).text()
    expect(profile).toContain('Ada L.')
    expect(profile).toContain('I &lt;b&gt;like&lt;/b&gt; sums.')
  })
})

/** Sends the picture form of /settings/profile as a browser does: multipart, with the file. */
function postPicture(cookie: string, bytes: Buffer, name: string) {
  const body = new FormData()
  body.append('intent', 'avatar')
  body.append('avatar', new Blob([new Uint8Array(bytes)]), name)
  return fetch(`${forum.url}/settings/profile`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: forum.url, Cookie: cookie },
    body,
  })
}

describe('a picture', () => {
  it('is cut square without its metadata, shown beside the member’s posts, and replaced by initials when removed', async () => {
    const { member, thread, cookie } = await memberWithData()
    const refused = await postPicture(cookie, Buffer.from('%PDF-1.4 not a picture'), 'cv.pdf')
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('cv.pdf')

    expect((await postPicture(cookie, await jpegWithLocation(), 'me.jpg')).status).toBe(200)
    const [row] = await db.sql<{ avatar: string }[]>`select avatar from users where id = ${member.id}`
    expect(row.avatar).toMatch(/^\/uploads\/[0-9a-f]{64}\.jpg$/)
    const served = await fetch(`${forum.url}${row.avatar}`)
    const image = Buffer.from(await served.arrayBuffer())
    const meta = await sharp(image).metadata()
    expect([meta.width, meta.height]).toEqual([256, 256])
    expect(meta.exif).toBeUndefined()
    expect(image.includes(Buffer.from('Secret Camera Owner'))).toBe(false)

    const page = await (await fetch(`${forum.url}/t/${thread.threadId}/${thread.slug}`)).text()
    expect(page).toContain(`src="${row.avatar}"`)
    expect(await (await fetch(`${forum.url}/u/${member.username}`)).text()).toContain(`src="${row.avatar}"`)

    expect((await postForm(forum.url, '/settings/profile', { intent: 'removeAvatar' }, cookie)).status).toBe(200)
    expect(await (await fetch(`${forum.url}/t/${thread.threadId}/${thread.slug}`)).text()).not.toContain(row.avatar)
    // Nothing shows the old picture now: the clean-up may take it.
    const [references] = await db.sql`select count(*)::int as n from upload_references where source = 'avatar' and source_id = ${member.id}`
    expect(references.n).toBe(0)
  })
})

describe('export', () => {
  it('holds the member’s own data and nobody else’s address or staff notes', async () => {
    const { member, other, thread, cookie } = await memberWithData()
    const staff = await makeUser(db.sql, { role: 'staff' })
    await db.sql`insert into idea_notes (idea_id, author_id, markdown, html) values (${thread.threadId}, ${staff.id}, 'staff-only remark', 'x')`
    await db.sql`insert into search_log (query, results, user_id) values ('my secret search', 0, ${member.id})`
    const response = await fetch(`${forum.url}/settings/export.json`, { headers: { Cookie: cookie } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"$/)
    const text = await response.text()
    const data = JSON.parse(text)
    expect(data.profile.email).toBe(emailOf(member))
    expect(data.profile.username).toBe(member.username)
    expect(data.posts.map((p: { markdown: string }) => p.markdown)).toContain('My **own** answer, quite personal.')
    expect(data.searches.map((s: { query: string }) => s.query)).toContain('my secret search')
    expect(text).not.toContain(emailOf(other))
    expect(text).not.toContain('staff-only remark')
    expect((await fetch(`${forum.url}/settings/export.json`, { redirect: 'manual' })).status).toBe(302)
  })
})

describe('an archive of the member’s data', () => {
  it('is built in the background, mailed as a link, and downloads as a zip of the data and uploads for its member only', async () => {
    const { member, other, cookie } = await memberWithData()
    await db.sql`update users set email_verified_at = now() where id = ${member.id}`
    expect((await postPicture(cookie, await png(300, 200), 'holiday.png')).status).toBe(200)

    const asked = await postForm(forum.url, '/settings/export', {}, cookie)
    expect(asked.status).toBe(200)
    expect(await asked.text()).toContain('being prepared')
    await mailTo(emailOf(member))
    const mail = (await mailFiles()).find((text) => text.includes(emailOf(member)) && text.includes('ready to download'))!
    const link = /\/settings\/export\/archives\/(\d+)/.exec(mail.replace(/=\r?\n/g, ''))
    expect(link).not.toBeNull()

    const download = await fetch(`${forum.url}${link![0]}`, { headers: { Cookie: cookie } })
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('application/zip')
    expect(download.headers.get('cache-control')).toContain('no-store')
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()))
    const data = JSON.parse(strFromU8(files['data.json']))
    expect(data.profile.email).toBe(emailOf(member))
    expect(data.posts.map((p: { markdown: string }) => p.markdown)).toContain('My **own** answer, quite personal.')
    expect(JSON.stringify(data)).not.toContain(emailOf(other))
    expect(Object.keys(files)).toContain('uploads/holiday.png')
    expect((await sharp(Buffer.from(files['uploads/holiday.png'])).metadata()).width).toBe(256)

    // Another member, a visitor and a made-up number get no archive.
    const otherCookie = await signIn(forum.url, other.username, TEST_PASSWORD)
    expect((await fetch(`${forum.url}${link![0]}`, { headers: { Cookie: otherCookie } })).status).toBe(404)
    expect((await fetch(`${forum.url}${link![0]}`, { redirect: 'manual' })).status).toBe(302)
    expect((await fetch(`${forum.url}/settings/export/archives/nope`, { headers: { Cookie: cookie } })).status).toBe(404)
    // Asking again at once gives the same archive, not another.
    await postForm(forum.url, '/settings/export', {}, cookie)
    const [count] = await db.sql`select count(*)::int as n from account_exports where user_id = ${member.id}`
    expect(count.n).toBe(1)
  })
})

describe('deleting an account', () => {
  it('refuses a wrong password and changes nothing', async () => {
    const { member, cookie } = await memberWithData()
    const response = await postForm(forum.url, '/settings/delete', { intent: 'delete', password: 'not my password' }, cookie)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('That is not your password')
    const [row] = await db.sql`select email, deleted_at from users where id = ${member.id}`
    expect(row).toMatchObject({ email: emailOf(member), deletedAt: null })
  })

  it('refuses the last admin', async () => {
    await db.sql`update users set role = 'member' where role = 'admin'`
    const admin = await makeUser(db.sql, { role: 'admin' })
    const cookie = await signIn(forum.url, admin.username, TEST_PASSWORD)
    const response = await postForm(forum.url, '/settings/delete', { intent: 'delete', password: TEST_PASSWORD }, cookie)
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('last admin')
    const [row] = await db.sql`select deleted_at from users where id = ${admin.id}`
    expect(row.deletedAt).toBeNull()
  })

  it('erases every trace of the address and display name, keeps the posts by "deleted user", and refuses the old session', async () => {
    const { member, thread, reply, cookie } = await memberWithData()
    await postForm(forum.url, '/settings/profile', { intent: 'save', displayName: 'Zebulon Quux', bio: 'hello' }, cookie)
    await db.sql.begin((tx) => sendConfirmation(tx, member.id, emailOf(member)))
    await mailTo(emailOf(member))
    await db.sql`insert into search_log (query, results, user_id) values ('findme', 0, ${member.id})`
    await db.sql`insert into audit_log (actor_id, action, target_type, target_id, detail)
                 values (null, 'role:changed', 'user', ${String(member.id)}, ${db.sql.json({ username: member.username, email: emailOf(member), from: 'member', to: 'staff' })})`
    // Named deep inside another entry's details, and in a reason staff wrote.
    await db.sql`insert into audit_log (actor_id, action, target_type, target_id, detail, reason)
                 values (null, 'post:deleted', 'post', '1', ${db.sql.json({ context: { quoted: [`asked by ${member.username}`] } })},
                         ${`Zebulon Quux (${emailOf(member)}) asked us to`})`

    const response = await postForm(forum.url, '/settings/delete', { intent: 'delete', password: TEST_PASSWORD }, cookie)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/')
    expect(response.headers.get('set-cookie')).toContain('forum_notice=account-deleted')

    expect(await columnsHolding(emailOf(member))).toEqual([])
    expect(await columnsHolding('Zebulon Quux')).toEqual([])
    expect(await columnsHolding(member.username)).toEqual([])
    expect((await mailFiles()).filter((text) => text.toLowerCase().includes(emailOf(member).toLowerCase()))).toEqual([])
    const [audit] = await db.sql`select detail from audit_log where action = 'account:deleted' and target_id = ${String(member.id)}`
    expect(JSON.stringify(audit.detail)).not.toContain(member.username)

    const settings = await fetch(`${forum.url}/settings/profile`, { headers: { Cookie: cookie }, redirect: 'manual' })
    expect(settings.status).toBe(302)
    expect(settings.headers.get('location')).toMatch(/^\/login/)

    const page = await (await fetch(`${forum.url}/t/${thread.threadId}/${thread.slug}`)).text()
    expect(page).toContain('deleted user')
    expect(page).toContain('quite personal')
    expect(page).not.toContain(member.username)
    const [post] = await db.sql`select id from posts where id = ${reply.postId}`
    expect(post).toBeDefined()
    expect((await fetch(`${forum.url}/u/~deleted-${member.id}`)).status).toBe(404)
    expect((await fetch(`${forum.url}/u/${member.username}`)).status).toBe(404)
  })

  it('with "also remove my posts", replaces their text', async () => {
    const { thread, reply, cookie } = await memberWithData()
    const response = await postForm(forum.url, '/settings/delete', { intent: 'delete', password: TEST_PASSWORD, removePosts: 'on' }, cookie)
    expect(response.status).toBe(302)
    const [post] = await db.sql`select markdown, html from posts where id = ${reply.postId}`
    expect(post.markdown).not.toContain('quite personal')
    expect(post.html).toContain('Removed at the author’s request')
    const page = await (await fetch(`${forum.url}/t/${thread.threadId}/${thread.slug}`)).text()
    expect(page).not.toContain('quite personal')
    expect(page).toContain('Removed at the author’s request')
  })
})
