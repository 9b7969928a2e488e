import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../../../tests/database'
import { DomainError } from '../errors'
import { changeRole, checkLogin, createAccount } from './accounts.server'
import { endSession, startSession, validateSessionCookie } from './session.server'

const db = setupTestDatabase()

const tokenOf = (setCookie: string) => /forum_session=([^;]*)/.exec(setCookie)![1]

describe('accounts', () => {
  it('creates members with hashed passwords and refuses taken names and emails whatever their case', async () => {
    const user = await createAccount(db.sql, { username: 'Marta', email: 'marta@example.test', password: 'long enough password' })
    expect(user.role).toBe('member')
    const [row] = await db.sql`select password_hash from users where id = ${user.id}`
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
    const error = await createAccount(db.sql, { username: 'marta', email: 'MARTA@example.test', password: 'long enough password' }).catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(DomainError)
    expect(error.fields).toEqual({ username: 'That username is taken.', email: 'An account with that email already exists.' })
  })

  it('lets exactly one of two simultaneous sign-ups take a name', async () => {
    const results = await Promise.allSettled([
      createAccount(db.sql, { username: 'twin', email: 'twin1@example.test', password: 'long enough password' }),
      createAccount(db.sql, { username: 'TWIN', email: 'twin2@example.test', password: 'long enough password' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const [count] = await db.sql`select count(*)::int as n from users where lower(username) = 'twin'`
    expect(count.n).toBe(1)
  })

  it('gives the same message for an unknown name and a wrong password', async () => {
    await createAccount(db.sql, { username: 'known', email: 'known@example.test', password: 'the right password' })
    const unknown = await checkLogin(db.sql, 'nobody', 'the right password', '192.0.2.1').catch((e) => e)
    const wrong = await checkLogin(db.sql, 'known', 'a wrong password', '192.0.2.1').catch((e) => e)
    expect(unknown.message).toBe('Wrong username or password.')
    expect(wrong.message).toBe(unknown.message)
    expect((await checkLogin(db.sql, 'KNOWN@example.test', 'the right password', '192.0.2.1')).username).toBe('known')
  })

  it('ends every session of a user whose role changes', async () => {
    const user = await createAccount(db.sql, { username: 'promoted', email: 'promoted@example.test', password: 'long enough password' })
    const other = await createAccount(db.sql, { username: 'bystander', email: 'bystander@example.test', password: 'long enough password' })
    await startSession(db.sql, user.id, false)
    await startSession(db.sql, user.id, false)
    const kept = await startSession(db.sql, other.id, false)
    await changeRole(db.sql, 'cli', 'promoted', 'staff')
    const rows = await db.sql<{ userId: number }[]>`select user_id from sessions`
    expect(rows.map((r) => r.userId)).toEqual([other.id])
    expect(kept).toContain('forum_session=')
  })

  it('changes roles only for admins', async () => {
    const admin = await createAccount(db.sql, { username: 'boss', email: 'boss@example.test', password: 'long enough password' }, 'admin')
    const member = await createAccount(db.sql, { username: 'worker', email: 'worker@example.test', password: 'long enough password' })
    await expect(changeRole(db.sql, member, 'worker', 'admin')).rejects.toMatchObject({ code: 'forbidden' })
    expect((await changeRole(db.sql, admin, 'worker', 'staff')).role).toBe('staff')
    // The audit log says who changed whose role, from what to what; the refused attempt left nothing.
    const entries = await db.sql<{ actorId: number; action: string; detail: unknown }[]>`
      select actor_id, action, detail from audit_log where action = 'role:changed' and detail->>'username' = 'worker'`
    expect(entries).toEqual([{ actorId: admin.id, action: 'role:changed', detail: { username: 'worker', from: 'member', to: 'staff' } }])
  })
})

describe('sessions', () => {
  it('stores only the SHA-256 of the token, so the table opens no session', async () => {
    const user = await createAccount(db.sql, { username: 'sess', email: 'sess@example.test', password: 'long enough password' })
    const cookie = await startSession(db.sql, user.id, false)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).not.toMatch(/Secure/i)
    const token = tokenOf(cookie)
    const [row] = await db.sql`select id from sessions where user_id = ${user.id}`
    expect(row.id).toBe(createHash('sha256').update(token).digest('hex'))
    expect(row.id).not.toBe(token)
    expect((await validateSessionCookie(db.sql, `forum_session=${token}`, false)).user?.username).toBe('sess')
    expect((await validateSessionCookie(db.sql, `forum_session=${row.id}`, false)).user).toBeNull()
  })

  it('marks cookies Secure over https, and gives a new session id at every sign-in', async () => {
    const user = await createAccount(db.sql, { username: 'secure', email: 'secure@example.test', password: 'long enough password' })
    const a = await startSession(db.sql, user.id, true)
    const b = await startSession(db.sql, user.id, true)
    expect(a).toMatch(/Secure/)
    expect(tokenOf(a)).not.toBe(tokenOf(b))
  })

  it('ends the session on the server at sign-out', async () => {
    const user = await createAccount(db.sql, { username: 'leaver', email: 'leaver@example.test', password: 'long enough password' })
    const token = tokenOf(await startSession(db.sql, user.id, false))
    const blank = await endSession(db.sql, `forum_session=${token}`, false)
    expect(blank).toMatch(/Max-Age=0/i)
    expect((await validateSessionCookie(db.sql, `forum_session=${token}`, false)).user).toBeNull()
  })

  it('slides the expiry of a session used in its second half', async () => {
    const user = await createAccount(db.sql, { username: 'slider', email: 'slider@example.test', password: 'long enough password' })
    const token = tokenOf(await startSession(db.sql, user.id, false))
    await db.sql`update sessions set expires_at = now() + interval '10 days' where user_id = ${user.id}`
    const check = await validateSessionCookie(db.sql, `forum_session=${token}`, false)
    expect(check.setCookie).toMatch(/forum_session=/)
    const [row] = await db.sql`select expires_at > now() + interval '29 days' as extended from sessions where user_id = ${user.id}`
    expect(row.extended).toBe(true)
  })

  it('treats an expired session as signed out and clears its cookie', async () => {
    const user = await createAccount(db.sql, { username: 'expired', email: 'expired@example.test', password: 'long enough password' })
    const token = tokenOf(await startSession(db.sql, user.id, false))
    await db.sql`update sessions set expires_at = now() - interval '1 minute' where user_id = ${user.id}`
    const check = await validateSessionCookie(db.sql, `forum_session=${token}`, false)
    expect(check.user).toBeNull()
    expect(check.setCookie).toMatch(/Max-Age=0/i)
  })
})
