import { describe, expect, it } from 'vitest'

import { confirmationPath } from '../app/domain/addresses/confirmation.server'
import { signLink } from '../app/domain/mail/links.server'
import { setupTestDatabase } from '../tests/database'
import { makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

const db = setupTestDatabase()
const forum = setupForumServer(db)
const limited = setupForumServer(db, { RATE_LIMITS: 'on' })

const get = async (path: string, cookie?: string) => {
  const response = await fetch(forum.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

/** The newest confirmation link of a user, as its mail carries it. */
async function linkOf(userId: number): Promise<string> {
  const [mail] = await db.sql`select email_token_id from mails where user_id = ${userId} and kind = 'verify_email' order by id desc limit 1`
  return confirmationPath(db.sql, mail.emailTokenId)
}

const verified = async (userId: number) =>
  (await db.sql`select email_verified_at is not null as v from users where id = ${userId}`)[0].v as boolean

describe('confirming an address over HTTP', () => {
  it('tells a new member to check their email, once, and the link confirms only on its button', async () => {
    const joined = await postForm(forum.url, '/join', {
      username: 'newbie',
      email: 'newbie@example.test',
      password: 'long enough password',
    })
    expect(joined.status).toBe(302)
    const cookies = joined.headers.getSetCookie().map((c) => c.split(';')[0])
    expect(cookies).toContain('forum_notice=check-email')
    const session = cookies.join('; ')
    const home = await get('/', session)
    expect(home.text).toContain('We sent you an email: open its link to confirm your address.')
    expect(home.headers.getSetCookie().some((c) => c.startsWith('forum_notice=;'))).toBe(true)
    const later = await get('/', session.replace(/; ?forum_notice=check-email/, ''))
    expect(later.text).not.toContain('We sent you an email')

    const [user] = await db.sql`select id from users where username = 'newbie'`
    const link = await linkOf(user.id)
    // A mail scanner opens the page, signed out: it shows the address and changes nothing.
    for (let i = 0; i < 2; i++) {
      const page = await get(link)
      expect(page.status).toBe(200)
      expect(page.text).toContain('newbie@example.test')
      expect(page.text).toMatch(/<button[^>]*>Confirm<\/button>/)
      expect(page.headers.get('cache-control')).toContain('no-store')
    }
    expect(await verified(user.id)).toBe(false)

    // Another site cannot press the button.
    const forged = await fetch(forum.url + link, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
      body: '',
    })
    expect(forged.status).toBe(403)
    expect(await verified(user.id)).toBe(false)

    const confirmed = await postForm(forum.url, link, {})
    expect(confirmed.status).toBe(200)
    expect(await confirmed.text()).toContain('is your confirmed address')
    expect(await verified(user.id)).toBe(true)

    const again = await postForm(forum.url, link, {})
    expect(again.status).toBe(410)
    expect(await again.text()).toContain('This link was used already.')
    const reopened = await get(link)
    expect(reopened.status).toBe(410)
    expect(reopened.text).toContain('is confirmed')
  })

  it('answers an expired link with 410 and the way to a new one', async () => {
    const joined = await postForm(forum.url, '/join', {
      username: 'slowpoke',
      email: 'slowpoke@example.test',
      password: 'long enough password',
    })
    expect(joined.status).toBe(302)
    const [user] = await db.sql`select id from users where username = 'slowpoke'`
    await db.sql`update email_tokens set expires_at = now() - interval '1 minute' where user_id = ${user.id}`
    const link = await linkOf(user.id)
    const posted = await postForm(forum.url, link, {})
    for (const { status, text } of [await get(link), { status: posted.status, text: await posted.text() }]) {
      expect(status).toBe(410)
      expect(text).toContain('This link has expired')
      expect(text).toContain('href="/settings/email"')
    }
    expect(await verified(user.id)).toBe(false)
  })

  it('answers forged and garbled links with 404, never 500', async () => {
    const user = await makeUser(db.sql)
    const real = await signLink(db.sql, 'verify_email', '123456')
    const paths = [
      `/verify-email/${real.split('.')[0]}.${'A'.repeat(43)}`,
      `/verify-email/${real}`,
      `/verify-email/${await signLink(db.sql, 'unsubscribe', String(user.id))}`,
      '/verify-email/nonsense',
      '/verify-email/%00',
      '/verify-email/..%2f..%2f',
      `/verify-email/${'x'.repeat(3000)}`,
      '/verify-email/1.%E2%80%AE',
    ]
    for (const path of paths) {
      const page = await get(path)
      expect(page.status, path).toBeGreaterThanOrEqual(400)
      expect(page.status, path).toBeLessThan(500)
      const posted = await postForm(forum.url, path, {})
      expect(posted.status, path).toBeGreaterThanOrEqual(400)
      expect(posted.status, path).toBeLessThan(500)
    }
    expect((await get(paths[0])).status).toBe(404)
    expect((await get(paths[0])).text).toContain('This confirmation link is not valid.')
  })
})

describe('/settings/email', () => {
  it('asks visitors to sign in', async () => {
    const page = await get('/settings/email')
    expect(page.status).toBe(302)
    expect(page.headers.get('location')).toBe('/login?next=%2Fsettings%2Femail')
  })

  it('changes the address only once the new one is confirmed, and keeps what was typed on a refusal', async () => {
    const user = await makeUser(db.sql, { emailVerified: false })
    const other = await makeUser(db.sql)
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    const page = await get('/settings/email', cookie)
    expect(page.status).toBe(200)
    expect(page.text).toContain(`${user.username}@example.test`)
    expect(page.text).toContain('Not confirmed')

    const wrong = await postForm(forum.url, '/settings/email', { intent: 'change', email: 'moved@example.test', password: 'nope' }, cookie)
    expect(wrong.status).toBe(400)
    const wrongText = await wrong.text()
    expect(wrongText).toContain('That is not your current password.')
    expect(wrongText).toContain('value="moved@example.test"')
    expect(wrongText).not.toContain('value="nope"')

    const taken = await postForm(
      forum.url,
      '/settings/email',
      { intent: 'change', email: `${other.username}@example.test`, password: TEST_PASSWORD },
      cookie,
    )
    expect(taken.status).toBe(409)
    expect(await taken.text()).toContain('Another account uses that address.')

    const bad = await postForm(forum.url, '/settings/email', { intent: 'change', email: 'not-an-address', password: '' }, cookie)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Enter a valid email address.')

    const asked = await postForm(
      forum.url,
      '/settings/email',
      { intent: 'change', email: 'moved@example.test', password: TEST_PASSWORD },
      cookie,
    )
    expect(asked.status).toBe(200)
    expect(await asked.text()).toContain(
      `We sent a link to moved@example.test. Your address stays ${user.username}@example.test until you open it and confirm.`,
    )
    const mails = await db.sql`select kind, to_address from mails where user_id = ${user.id} order by id`
    expect(mails).toEqual([
      { kind: 'verify_email', toAddress: 'moved@example.test' },
      { kind: 'email_changed', toAddress: `${user.username}@example.test` },
    ])
    const waiting = await get('/settings/email', cookie)
    expect(waiting.text).toContain('Waiting for you to confirm')

    const resent = await postForm(forum.url, '/settings/email', { intent: 'resend' }, cookie)
    expect(resent.status).toBe(200)
    expect(await resent.text()).toContain('We sent the link again to moved@example.test.')

    const confirmed = await postForm(forum.url, await linkOf(user.id), {})
    expect(confirmed.status).toBe(200)
    const after = await get('/settings/email', cookie)
    expect(after.text).toContain('moved@example.test')
    expect(after.text).toContain('Confirmed')
    expect(after.text).not.toContain('Send the confirmation again')
  })

  it('refuses the sixth confirmation mail in an hour with 429 and Retry-After', async () => {
    const user = await makeUser(db.sql, { emailVerified: false })
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    let last: Response | undefined
    for (let i = 0; i < 6; i++) last = await postForm(limited.url, '/settings/email', { intent: 'resend' }, cookie)
    expect(last!.status).toBe(429)
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(3500)
    expect(await last!.text()).toContain('Too many confirmation emails for your account.')
  })
})
