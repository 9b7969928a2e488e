import { beforeAll, describe, expect, it } from 'vitest'

import type { User } from '../app/domain/policy.server'
import { replyToThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

/* People in administration (/admin/users and one person's page), and members' "last seen", over HTTP against the real build. */

const db = setupTestDatabase()
const forum = setupForumServer(db)

const get = (path: string, cookie?: string) => fetch(forum.url + path, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} })
const html = async (path: string, cookie?: string) => (await (await get(path, cookie)).text()).replaceAll('<!-- -->', '')
/** The usernames a page of people lists, in order. */
const listed = (page: string) => [...page.matchAll(/<th scope="row"><a[^>]*>([^<]+)<\/a>/g)].map((m) => m[1])

let admin: User, staff: User, member: User
let adminCookie: string, staffCookie: string, memberCookie: string
const tag = Date.now().toString(36)

beforeAll(async () => {
  ;[admin, staff, member] = await Promise.all([makeUser(db.sql, { role: 'admin' }), makeUser(db.sql, { role: 'staff' }), makeUser(db.sql)])
  ;[adminCookie, staffCookie, memberCookie] = await Promise.all(
    [admin, staff, member].map((u) => signIn(forum.url, u.username, TEST_PASSWORD)),
  )
})

const roleOf = async (user: User) => (await db.sql`select role from users where id = ${user.id}`)[0].role
const sessionsOf = async (user: User) => (await db.sql`select count(*)::int as n from sessions where user_id = ${user.id}`)[0].n

describe('/admin/users', () => {
  it('lets staff and admins in, and nobody else', async () => {
    expect((await get('/admin/users')).headers.get('location')).toMatch(/^\/login/)
    expect((await get('/admin/users', memberCookie)).status).toBe(403)
    expect((await get(`/admin/users/${member.username}`, memberCookie)).status).toBe(403)
    expect((await get('/admin/users', staffCookie)).status).toBe(200)
    expect((await get('/admin/users', adminCookie)).status).toBe(200)
    expect((await get('/admin/users?role=king', adminCookie)).status).toBe(400)
    expect((await get('/admin/users?after=nope', adminCookie)).status).toBe(404)
  })

  it('finds people by name or address, filters by role, trust and suspension, sorts, and leaves deleted accounts out', async () => {
    const [newcomer, writer, helper, gone] = await Promise.all([
      makeUser(db.sql, { username: `find_${tag}_new`, trusted: false }),
      makeUser(db.sql, { username: `find_${tag}_writer` }),
      makeUser(db.sql, { username: `find_${tag}_helper`, role: 'product' }),
      makeUser(db.sql, { username: `find_${tag}_gone` }),
    ])
    await db.sql`update users set email = ${`writer.${tag}@corp.example`} where id = ${writer.id}`
    await db.sql`update users set reputation = 40, created_at = now() - interval '1 day' where id = ${helper.id}`
    await db.sql`update users set created_at = now() - interval '2 days' where id = ${writer.id}`
    await db.sql`update users set suspended_until = now() + interval '1 day', suspended_reason = 'spam' where id = ${newcomer.id}`
    await db.sql`update users set username = ${'~deleted-' + gone.id}, email = null, password_hash = null, deleted_at = now() where id = ${gone.id}`
    const category = await makeCategory(db.sql)
    const thread = await makeThread(db.sql, writer, category.slug)
    await replyToThread(db.sql, writer, thread.threadId, 'A second post.')

    const q = `find_${tag}`
    expect(listed(await html(`/admin/users?q=${q}`, staffCookie)).sort()).toEqual([helper, newcomer, writer].map((u) => u.username).sort())
    expect(listed(await html(`/admin/users?q=${encodeURIComponent(`WRITER.${tag}@corp`)}`, staffCookie))).toEqual([writer.username])
    expect(listed(await html(`/admin/users?q=${q}&role=product`, staffCookie))).toEqual([helper.username])
    expect(listed(await html(`/admin/users?q=${q}&trust=new`, staffCookie))).toEqual([newcomer.username])
    expect(listed(await html(`/admin/users?q=${q}&suspended=yes`, staffCookie))).toEqual([newcomer.username])
    expect(listed(await html(`/admin/users?q=${q}&suspended=no`, staffCookie)).sort()).toEqual([helper.username, writer.username].sort())
    expect(listed(await html(`/admin/users?q=${q}&sort=posts`, staffCookie))[0]).toBe(writer.username)
    expect(listed(await html(`/admin/users?q=${q}&sort=reputation`, staffCookie))[0]).toBe(helper.username)
    expect(listed(await html(`/admin/users?q=${q}&sort=joined`, staffCookie))).toEqual([newcomer, helper, writer].map((u) => u.username))
    // A LIKE wildcard in the search is a character like any other.
    expect(listed(await html(`/admin/users?q=find%25${tag}`, staffCookie))).toEqual([])
  })

  it('pages by 50 after the last person shown, without repeating anyone', async () => {
    await db.sql`
      insert into users (username, email, password_hash, trusted_at)
      select ${`page_${tag}_`} || n, ${`page_${tag}_`} || n || '@example.test', 'x', now() from generate_series(1, 53) n`
    const first = await html(`/admin/users?q=page_${tag}&sort=reputation`, staffCookie)
    const next = /rel="next"[^>]*href="[^"?]*\?([^"]*after=\d+)"/.exec(first.replaceAll('&amp;', '&'))
    expect(listed(first)).toHaveLength(50)
    expect(next).not.toBeNull()
    const second = await html(`/admin/users?${next![1]}`, staffCookie)
    expect(listed(second)).toHaveLength(3)
    expect(new Set([...listed(first), ...listed(second)]).size).toBe(53)
    expect(second).not.toContain('rel="next"')
  })
})

describe('/admin/users/:username', () => {
  it('shows staff the account: address, posts, flags both ways, sessions; unknown or deleted names are 404', async () => {
    const person = await makeUser(db.sql)
    const other = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const thread = await makeThread(db.sql, person, category.slug)
    await db.sql`insert into flags (post_id, user_id, reason) values (${thread.postId}, ${other.id}, 'spam')`
    await signIn(forum.url, person.username, TEST_PASSWORD)
    const page = await html(`/admin/users/${person.username}`, staffCookie)
    expect(page).toContain(`${person.username}@example.test`)
    expect(page).toMatch(/<dt>Posts<\/dt><dd>1<\/dd>/)
    expect(page).toMatch(/<dt>Flags on their posts<\/dt><dd>1: 1 open, 0 upheld, 0 cleared<\/dd>/)
    expect(page).toMatch(/<dt>Flags they raised<\/dt><dd>none<\/dd>/)
    expect(page).toMatch(/<dt>Sessions<\/dt><dd>1 signed in, last used/)
    // Staff suspend, but the role and the account itself are for admins.
    expect(page).toContain('Suspend ')
    expect(page).not.toContain('Change role')
    expect(page).not.toContain('to confirm')
    const adminPage = await html(`/admin/users/${person.username}`, adminCookie)
    expect(adminPage).toContain('Change role')
    expect(adminPage).toContain(`Type ${person.username} to confirm`)
    expect((await get('/admin/users/nobody_here_at_all', staffCookie)).status).toBe(404)
    expect((await get('/admin/users/~deleted-1', staffCookie)).status).toBe(404)
    // A profile links staff to the account's page, and nobody else.
    expect(await html(`/u/${person.username}`, staffCookie)).toContain(`href="/admin/users/${person.username}"`)
    expect(await html(`/u/${person.username}`, memberCookie)).not.toContain('/admin/users/')
  })

  it('lets an admin change a role: the person’s sessions end, the audit log says so, and pages revalidate', async () => {
    const person = await makeUser(db.sql)
    const cookie = await signIn(forum.url, person.username, TEST_PASSWORD)
    const response = await postForm(forum.url, `/admin/users/${person.username}`, { intent: 'role', role: 'staff' }, adminCookie)
    expect(response.status).toBe(200)
    expect(await roleOf(person)).toBe('staff')
    expect(await sessionsOf(person)).toBe(0)
    expect((await get('/settings/profile', cookie)).headers.get('location')).toMatch(/^\/login/)
    const audit = await db.sql`select actor_id, detail from audit_log where action = 'role:changed' and target_id = ${String(person.id)}`
    expect(audit).toEqual([{ actorId: admin.id, detail: { username: person.username, from: 'member', to: 'staff' } }])
    const [event] =
      await db.sql`select count(*)::int as n from outbox where type = 'user:roleChanged' and (payload->>'userId')::bigint = ${person.id}`
    expect(event.n).toBe(1)
    expect(await html(`/admin/audit?targetType=user&targetId=${person.id}`, adminCookie)).toContain('changed the role of')
    expect((await postForm(forum.url, `/admin/users/${person.username}`, { intent: 'role', role: 'king' }, adminCookie)).status).toBe(400)
  })

  it('refuses admin-only changes forged by staff or members, and changes nothing', async () => {
    const person = await makeUser(db.sql)
    await signIn(forum.url, person.username, TEST_PASSWORD)
    const path = `/admin/users/${person.username}`
    for (const cookie of [staffCookie, memberCookie]) {
      expect((await postForm(forum.url, path, { intent: 'role', role: 'admin' }, cookie)).status).toBe(403)
      expect((await postForm(forum.url, path, { intent: 'delete', confirmUsername: person.username }, cookie)).status).toBe(403)
    }
    expect(
      (await postForm(forum.url, path, { intent: 'suspend', userId: String(person.id), days: '3', reason: 'Spam links' }, memberCookie))
        .status,
    ).toBe(403)
    expect(await roleOf(person)).toBe('member')
    expect(await sessionsOf(person)).toBe(1)
    const [row] = await db.sql`select deleted_at, suspended_until from users where id = ${person.id}`
    expect(row).toEqual({ deletedAt: null, suspendedUntil: null })
    expect((await db.sql`select count(*)::int as n from audit_log where target_id = ${String(person.id)}`)[0].n).toBe(0)
  })

  it('lets staff suspend a member and lift it, but not suspend an admin', async () => {
    const person = await makeUser(db.sql)
    const path = `/admin/users/${person.username}`
    const noReason = await postForm(forum.url, path, { intent: 'suspend', userId: String(person.id), days: '3', reason: '' }, staffCookie)
    expect(noReason.status).toBe(400)
    const done = await postForm(
      forum.url,
      path,
      { intent: 'suspend', userId: String(person.id), days: '3', reason: 'Spam links' },
      staffCookie,
    )
    expect(done.status).toBe(200)
    expect(await html(path, staffCookie)).toContain('Spam links')
    expect((await postForm(forum.url, path, { intent: 'unsuspend', userId: String(person.id) }, staffCookie)).status).toBe(200)
    const [row] = await db.sql`select suspended_until from users where id = ${person.id}`
    expect(row.suspendedUntil).toBeNull()
    const boss = `/admin/users/${admin.username}`
    expect(
      (await postForm(forum.url, boss, { intent: 'suspend', userId: String(admin.id), days: '1', reason: 'Nope nope' }, staffCookie))
        .status,
    ).toBe(403)
  })

  it('lets an admin delete an account once its username is typed, audited without naming it', async () => {
    const person = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    await makeThread(db.sql, person, category.slug, { body: 'Words that stay.' })
    const path = `/admin/users/${person.username}`
    const wrong = await postForm(forum.url, path, { intent: 'delete', confirmUsername: 'someone-else' }, adminCookie)
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain('Nothing was deleted')
    expect((await db.sql`select deleted_at from users where id = ${person.id}`)[0].deletedAt).toBeNull()

    const response = await postForm(forum.url, path, { intent: 'delete', confirmUsername: person.username.toUpperCase() }, adminCookie)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/admin/users')
    expect(response.headers.get('set-cookie')).toContain('forum_notice=person-deleted')
    const [row] = await db.sql`select username, email, deleted_at from users where id = ${person.id}`
    expect(row.username).toBe(`~deleted-${person.id}`)
    expect(row.email).toBeNull()
    const audit = await db.sql`select actor_id, detail from audit_log where action = 'account:deleted' and target_id = ${String(person.id)}`
    expect(audit).toEqual([{ actorId: admin.id, detail: { postsRemoved: 0, byAdmin: true } }])
    expect((await get(path, adminCookie)).status).toBe(404)
    expect(listed(await html(`/admin/users?q=${person.username}`, adminCookie))).toEqual([])
  })

  it('never leaves the forum without an admin: the last one is neither demoted nor deleted here', async () => {
    const path = `/admin/users/${admin.username}`
    await db.sql`update users set role = 'member' where role = 'admin' and id <> ${admin.id}`
    const demote = await postForm(forum.url, path, { intent: 'role', role: 'member' }, adminCookie)
    expect(demote.status).toBe(403)
    expect(await demote.text()).toContain('last admin')
    const own = await postForm(forum.url, path, { intent: 'delete', confirmUsername: admin.username }, adminCookie)
    expect(own.status).toBe(403)
    expect(await roleOf(admin)).toBe('admin')
    expect((await db.sql`select deleted_at from users where id = ${admin.id}`)[0].deletedAt).toBeNull()
    // With a second admin, the first may step down.
    const second = await makeUser(db.sql, { role: 'admin' })
    expect((await postForm(forum.url, `/admin/users/${second.username}`, { intent: 'role', role: 'admin' }, adminCookie)).status).toBe(200)
    expect(await html(path, adminCookie)).not.toContain('This is the last admin')
  })
})

describe('last seen', () => {
  it('is recorded when a signed-in member’s request is handled, at most once an hour', async () => {
    const person = await makeUser(db.sql)
    const cookie = await signIn(forum.url, person.username, TEST_PASSWORD)
    const lastSeen = async () => (await db.sql`select last_seen_at from users where id = ${person.id}`)[0].lastSeenAt as Date | null
    // Signing in is being seen; so is a request after a long absence.
    expect(await lastSeen()).not.toBeNull()
    await db.sql`update users set last_seen_at = null where id = ${person.id}`
    await get('/', cookie)
    expect(await lastSeen()).not.toBeNull()
    // Within the hour: the session's own "last used" moves, the member's "last seen" stays.
    await db.sql`update users set last_seen_at = now() - interval '30 minutes' where id = ${person.id}`
    await db.sql`update sessions set last_used_at = now() - interval '10 minutes' where user_id = ${person.id}`
    const halfHourAgo = await lastSeen()
    await get('/', cookie)
    expect(await lastSeen()).toEqual(halfHourAgo)
    const [session] = await db.sql`select last_used_at > now() - interval '1 minute' as fresh from sessions where user_id = ${person.id}`
    expect(session.fresh).toBe(true)
    // After it: seen again now.
    await db.sql`update users set last_seen_at = now() - interval '2 hours' where id = ${person.id}`
    await get('/', cookie)
    expect(Date.now() - (await lastSeen())!.getTime()).toBeLessThan(60_000)
    expect(await html(`/admin/users/${person.username}`, staffCookie)).toMatch(/<dt>Last seen<\/dt><dd><time/)
  })
})
