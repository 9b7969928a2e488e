import { beforeAll, describe, expect, it } from 'vitest'

import { startThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

/*
 * /admin/categories over HTTP against the real build: what an admin changes,
 * what visitors and members then meet (old addresses, archived categories,
 * merged threads), what is refused with a message, and that nobody else
 * can change anything.
 */

const db = setupTestDatabase()
const forum = setupForumServer(db)

const get = (path: string, cookie?: string) => fetch(forum.url + path, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} })
/** A page's HTML without React's text-node markers, so sentences read as written. */
const html = async (path: string, cookie?: string) =>
  (await (await get(path, cookie)).text()).replaceAll(' data-discover="true"', '').replaceAll('<!-- -->', '')

let adminCookie: string
let staffCookie: string
let memberCookie: string
let member: Awaited<ReturnType<typeof makeUser>>

beforeAll(async () => {
  const [a, staff, m] = await Promise.all([makeUser(db.sql, { role: 'admin' }), makeUser(db.sql, { role: 'staff' }), makeUser(db.sql)])
  member = m
  ;[adminCookie, staffCookie, memberCookie] = await Promise.all([a, staff, m].map((u) => signIn(forum.url, u.username, TEST_PASSWORD)))
})

const send = (fields: Record<string, string>, cookie = adminCookie) => postForm(forum.url, '/admin/categories', fields, cookie)

/** The edit form's fields for a category as it is, with `changes` applied. */
async function editFields(categoryId: number, changes: Record<string, string | undefined>) {
  const [c] = await db.sql`select * from categories where id = ${categoryId}`
  const fields: Record<string, string | undefined> = {
    intent: 'edit',
    categoryId: String(categoryId),
    name: c.name,
    slug: c.slug,
    description: c.description,
    color: c.color,
    defaultKind: c.defaultKind,
    allowQuestion: c.allowedKinds.includes('question') ? 'on' : undefined,
    allowDiscussion: c.allowedKinds.includes('discussion') ? 'on' : undefined,
    allowIdea: c.allowedKinds.includes('idea') ? 'on' : undefined,
    ...changes,
  }
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined))
}

const auditOf = (categoryId: number) =>
  db.sql<{ action: string; detail: Record<string, unknown> }[]>`
    select action, detail from audit_log where target_type = 'category' and target_id = ${String(categoryId)} order by id`

describe('/admin/categories', () => {
  it('creates a category that visitors then see, last in the order, audited and announced', async () => {
    const response = await send({
      intent: 'create',
      name: 'Billing and plans',
      slug: '',
      description: 'Invoices, cards and upgrades.',
      color: '#1F6FEB',
      allowQuestion: 'on',
      allowDiscussion: 'on',
      defaultKind: 'question',
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Created “Billing and plans” at /c/billing-and-plans.')
    const [row] = await db.sql`select * from categories where slug = 'billing-and-plans'`
    expect(row).toMatchObject({
      name: 'Billing and plans',
      color: '#1f6feb',
      allowedKinds: ['question', 'discussion'],
      defaultKind: 'question',
    })
    const [{ max }] = await db.sql`select max(position) as max from categories`
    expect(row.position).toBe(max)
    expect(await html('/')).toContain('Billing and plans')
    expect(await auditOf(row.id)).toEqual([
      { action: 'category:created', detail: { name: 'Billing and plans', slug: 'billing-and-plans', kinds: ['question', 'discussion'] } },
    ])
    const [event] = await db.sql`select type from outbox where type = 'category:changed' and (payload->>'categoryId')::bigint = ${row.id}`
    expect(event).toBeDefined()

    // The same address again is refused by name.
    const again = await send({
      intent: 'create',
      name: 'Billing and plans',
      color: '#1f6feb',
      allowQuestion: 'on',
      defaultKind: 'question',
    })
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('/c/billing-and-plans is the address of “Billing and plans”. Pick another.')
  })

  it('renames a category: its old address and feed answer 301 to the new ones, and the log says so', async () => {
    const category = await makeCategory(db.sql, { slug: 'how-to', name: 'How to' })
    await makeThread(db.sql, member, category.slug, { title: 'Where is the export button?' })
    const response = await send(await editFields(category.id, { name: 'Guides', slug: 'guides' }))
    expect(response.status).toBe(200)

    const old = await get('/c/how-to?filter=solved')
    expect(old.status).toBe(301)
    expect(old.headers.get('location')).toBe('/c/guides?filter=solved')
    const feed = await get('/feeds/c/how-to')
    expect(feed.status).toBe(301)
    expect(feed.headers.get('location')).toBe('/feeds/c/guides')
    expect(await html('/c/guides')).toContain('Where is the export button?')
    expect((await get('/c/never-was-a-category')).status).toBe(404)

    // Another category cannot take the old address while it leads here.
    const other = await makeCategory(db.sql)
    const taken = await send(await editFields(other.id, { slug: 'how-to' }))
    expect(taken.status).toBe(400)
    expect(await taken.text()).toContain('/c/how-to still leads to “Guides”')

    expect(await auditOf(category.id)).toEqual([
      { action: 'category:renamed', detail: { from: { name: 'How to', slug: 'how-to' }, to: { name: 'Guides', slug: 'guides' } } },
    ])
    const log = await html(`/admin/audit?targetType=category&targetId=${category.id}`, adminCookie)
    expect(log).toContain('renamed the category <a href="/c/guides">Guides</a> from “How to” (/c/how-to) to “Guides” (/c/guides)')
  })

  it('refuses kinds without a default among them, and a colour whose label would be hard to read', async () => {
    const category = await makeCategory(db.sql, { allowedKinds: ['question'], defaultKind: 'question' })
    const none = await send(await editFields(category.id, { allowQuestion: undefined }))
    expect(none.status).toBe(400)
    expect(await none.text()).toContain('Allow at least one kind of thread.')
    const outside = await send(await editFields(category.id, { allowIdea: 'on', defaultKind: 'discussion' }))
    expect(outside.status).toBe(400)
    expect(await outside.text()).toContain('The default must be one of the kinds allowed: discussions are not.')

    const pale = await send(await editFields(category.id, { color: '#ffd33d' }))
    expect(pale.status).toBe(400)
    const page = await pale.text()
    expect(page).toContain('White label text on #ffd33d has a contrast of only 1.4:1; labels need 4.5:1')
    expect((await send(await editFields(category.id, { color: 'blue' }))).status).toBe(400)

    const [unchanged] = await db.sql`select allowed_kinds, default_kind, color from categories where id = ${category.id}`
    expect(unchanged).toEqual({ allowedKinds: ['question'], defaultKind: 'question', color: '#4f46e5' })
    expect(await auditOf(category.id)).toEqual([])

    // A readable colour and a new set of kinds are saved, each change in its own entry.
    const saved = await send(await editFields(category.id, { color: '#b42318', allowIdea: 'on', defaultKind: 'idea' }))
    expect(saved.status).toBe(200)
    expect((await auditOf(category.id)).map((e) => e.action)).toEqual(['category:colourChanged', 'category:kindsChanged'])
    expect(await html('/category-colours.css?c=' + category.id + '-b42318')).toContain(
      `.category-${category.id} { --category-color: #b42318; }`,
    )
  })

  it('moves a category up and down the order', async () => {
    const first = await makeCategory(db.sql, { name: 'Zeta first' })
    const second = await makeCategory(db.sql, { name: 'Zeta second' })
    const order = async () => (await db.sql`select id from categories order by position, name, id`).map((r) => r.id as number)
    const before = await order()
    expect((await send({ intent: 'move', categoryId: String(second.id), direction: 'up' })).status).toBe(200)
    const after = await order()
    expect(after.indexOf(second.id)).toBe(before.indexOf(second.id) - 1)
    expect(after.indexOf(first.id)).toBeGreaterThan(after.indexOf(second.id))
    expect((await auditOf(second.id)).map((e) => e.action)).toEqual(['category:moved'])
  })

  it('archives a category: readable, marked, closed to new threads and replies until unarchived', async () => {
    const category = await makeCategory(db.sql, { name: 'Old release notes' })
    const thread = await makeThread(db.sql, member, category.slug, { title: 'Version 1 notes' })
    expect((await send({ intent: 'archive', categoryId: String(category.id), archived: 'on' })).status).toBe(200)

    const page = await html(`/c/${category.slug}`)
    expect(page).toContain('This category is archived')
    expect(await html(`/t/${thread.threadId}/${thread.slug}`)).toContain('This thread’s category is archived: it takes no new replies.')
    expect(await html('/new', memberCookie)).toContain('Old release notes (archived: read-only)')

    const newThread = { category: category.slug, kind: 'question', title: 'One more question', body: 'Is this still open?' }
    const refusedThread = await postForm(forum.url, '/new', newThread, memberCookie)
    expect(refusedThread.status).toBe(403)
    expect(await refusedThread.text()).toContain('This category is archived: it takes no new threads.')
    const reply = await postForm(forum.url, `/t/${thread.threadId}/${thread.slug}`, { body: 'A late reply' }, memberCookie)
    expect(reply.status).toBe(403)
    const [{ n }] = await db.sql`select count(*)::int as n from posts where thread_id = ${thread.threadId}`
    expect(n).toBe(1)

    expect((await send({ intent: 'archive', categoryId: String(category.id), archived: 'off' })).status).toBe(200)
    expect((await postForm(forum.url, `/t/${thread.threadId}/${thread.slug}`, { body: 'A late reply' }, memberCookie)).status).toBe(302)
    expect((await auditOf(category.id)).map((e) => e.action)).toEqual(['category:archived', 'category:unarchived'])
  })

  it('deletes only an empty category, and merges one with threads into another', async () => {
    const empty = await makeCategory(db.sql)
    const full = await makeCategory(db.sql, { slug: 'old-support', name: 'Old support', allowedKinds: ['question', 'idea'] })
    const into = await makeCategory(db.sql, { name: 'Support', allowedKinds: ['question'] })
    const thread = await makeThread(db.sql, member, full.slug, { title: 'Printer jams on page two' })

    const refused = await send({ intent: 'delete', categoryId: String(full.id) })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain(
      '“Old support” holds threads, so it cannot be deleted: archive it, or merge it into another category.',
    )
    expect((await send({ intent: 'delete', categoryId: String(empty.id) })).status).toBe(200)
    expect(await db.sql`select id from categories where id in ${db.sql([empty.id, full.id])}`).toEqual([{ id: full.id }])

    // An idea cannot go where ideas are not taken.
    await startThread(db.sql, member, { category: full.slug, kind: 'idea', title: 'An idea already', body: 'Dark mode, please.' })
    const kinds = await send({ intent: 'merge', categoryId: String(full.id), into: String(into.id) })
    expect(kinds.status).toBe(400)
    expect(await kinds.text()).toContain('Support takes no ideas: allow them there first, or pick another.')
    await db.sql`update categories set allowed_kinds = '{question,idea}' where id = ${into.id}`

    const merged = await send({ intent: 'merge', categoryId: String(full.id), into: String(into.id) })
    expect(merged.status).toBe(200)
    const [moved] = await db.sql`select category_id from threads where id = ${thread.threadId}`
    expect(moved.categoryId).toBe(into.id)
    expect((await get(`/t/${thread.threadId}/${thread.slug}`)).status).toBe(200)
    const old = await get('/c/old-support')
    expect(old.status).toBe(301)
    expect(old.headers.get('location')).toBe(`/c/${into.slug}`)
    expect(await html(`/c/${into.slug}`)).toContain('Printer jams on page two')
    const [counts] = await db.sql`select thread_count from categories where id = ${into.id}`
    expect(counts.threadCount).toBe(2)
    expect(await auditOf(full.id)).toEqual([
      {
        action: 'category:merged',
        detail: { name: 'Old support', slug: 'old-support', into: into.id, intoName: 'Support', intoSlug: into.slug, threads: 2 },
      },
    ])
    expect(await auditOf(empty.id)).toEqual([{ action: 'category:deleted', detail: { name: empty.name, slug: empty.slug } }])
    const log = await html('/admin/audit?kind=category%3Amerged', adminCookie)
    expect(log).toContain(`merged <em>category #${full.id}</em> “Old support” (/c/old-support) with its 2 threads into`)

    // Search moves the thread too, in the background.
    const deadline = Date.now() + 15_000
    let indexed: number | undefined
    while (indexed !== into.id && Date.now() < deadline) {
      const [row] = await db.sql`select category_id from search_threads where thread_id = ${thread.threadId}`
      indexed = row?.categoryId
      if (indexed !== into.id) await new Promise((r) => setTimeout(r, 100))
    }
    expect(indexed).toBe(into.id)
  })

  it('refuses staff and members, on the page and on every form, and changes nothing', async () => {
    const category = await makeCategory(db.sql, { name: 'Untouchable' })
    const other = await makeCategory(db.sql)
    const snapshot = async () => [
      await db.sql`select * from categories where id in ${db.sql([category.id, other.id])} order by id`,
      await db.sql`select count(*)::int as n from audit_log`,
      await db.sql`select count(*)::int as n from category_redirects`,
    ]
    const before = await snapshot()
    const id = String(category.id)
    const forms = [
      { intent: 'create', name: 'Sneaky', color: '#1f6feb', allowQuestion: 'on', defaultKind: 'question' },
      await editFields(category.id, { name: 'Renamed', slug: 'renamed-by-staff' }),
      { intent: 'move', categoryId: id, direction: 'up' },
      { intent: 'readability', categoryId: id, readableBy: 'staff' },
      { intent: 'archive', categoryId: id, archived: 'on' },
      { intent: 'merge', categoryId: id, into: String(other.id) },
      { intent: 'delete', categoryId: id },
    ]
    for (const cookie of [staffCookie, memberCookie]) {
      expect((await get('/admin/categories', cookie)).status).toBe(403)
      for (const form of forms) expect((await send(form, cookie)).status, form.intent).toBe(403)
    }
    const visitor = await send({ intent: 'delete', categoryId: id }, '')
    expect(visitor.status).toBe(302)
    expect(await snapshot()).toEqual(before)
    // The admin's page lists it, with its forms.
    const page = await html('/admin/categories', adminCookie)
    expect(page).toContain('Untouchable')
  })
})
