import { describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../../../tests/database'
import { makeUser, TEST_PASSWORD } from '../../../tests/factories'
import { refusal } from '../../../tests/refusal'
import { signUp } from '../auth/accounts.server'
import { LIMITS_ON } from '../limits/limits.server'
import { signLink } from '../mail/links.server'
import { getEmailSettingsPage } from '../pages/email-settings.server'
import { can, type User } from '../policy.server'
import { requestEmailChange, resendConfirmation } from './change.server'
import { confirmAddress, confirmationPath, LinkRefused, readConfirmation } from './confirmation.server'

const db = setupTestDatabase()

let n = 0
const joinAs = (name = `joiner${++n}`) =>
  signUp(db.sql, { username: name, email: `${name}@example.test`, password: 'long enough password' }, '192.0.2.9')

/** The user's queued account mail, oldest first, with the address each link confirms. */
const mailsOf = (userId: number) =>
  db.sql<{ kind: string; toAddress: string; emailTokenId: number; tokenEmail: string }[]>`
    select m.kind, m.to_address, m.email_token_id, t.email as token_email
    from mails m join email_tokens t on t.id = m.email_token_id
    where m.user_id = ${userId} order by m.id`

/** The link the newest verify_email mail of the user carries, as the mail composer signs it. */
async function latestLink(userId: number): Promise<string> {
  const mails = (await mailsOf(userId)).filter((m) => m.kind === 'verify_email')
  return (await confirmationPath(db.sql, mails.at(-1)!.emailTokenId)).replace('/verify-email/', '')
}

const account = async (userId: number) =>
  (
    await db.sql<{ email: string; verified: boolean }[]>`
    select email, email_verified_at is not null as verified from users where id = ${userId}`
  )[0]

describe('confirming an address after joining', () => {
  it('queues exactly one verify_email mail to the address, with a token good for 48 hours', async () => {
    const user = await joinAs('newcomer')
    const mails = await mailsOf(user.id)
    expect(mails).toEqual([
      { kind: 'verify_email', toAddress: 'newcomer@example.test', emailTokenId: expect.any(Number), tokenEmail: 'newcomer@example.test' },
    ])
    const [token] =
      await db.sql`select purpose, used_at, extract(epoch from expires_at - created_at)::int as lifetime from email_tokens where id = ${mails[0].emailTokenId}`
    expect(token.purpose).toBe('verify_email')
    expect(token.usedAt).toBeNull()
    expect(token.lifetime).toBe(48 * 3600)
    const [event] = await db.sql`select count(*)::int as n from outbox where type = 'mail:queued'`
    expect(event.n).toBeGreaterThanOrEqual(1)
    expect(await account(user.id)).toEqual({ email: 'newcomer@example.test', verified: false })
  })

  it('leaves no token or mail behind when the account is refused', async () => {
    await joinAs('taken1')
    const before = (await db.sql`select count(*)::int as n from mails`)[0].n
    await refusal(signUp(db.sql, { username: 'taken1', email: 'other@example.test', password: 'long enough password' }, '192.0.2.9'))
    expect((await db.sql`select count(*)::int as n from mails`)[0].n).toBe(before)
  })

  it('shows the address without confirming it, then confirms on the button, once', async () => {
    const user = await joinAs()
    const link = await latestLink(user.id)
    // Opening the link, as a mail scanner would, changes nothing.
    expect(await readConfirmation(db.sql, link)).toEqual({
      state: 'ready',
      email: `${user.username}@example.test`,
      confirmed: false,
      refusal: null,
    })
    expect((await account(user.id)).verified).toBe(false)

    expect(await confirmAddress(db.sql, link)).toEqual({ email: `${user.username}@example.test`, changedFrom: null })
    expect((await account(user.id)).verified).toBe(true)
    expect((await readConfirmation(db.sql, link)).state).toBe('used')
    expect((await readConfirmation(db.sql, link)).confirmed).toBe(true)

    const again = await refusal(confirmAddress(db.sql, link))
    expect(again).toBeInstanceOf(LinkRefused)
    expect(again.code).toBe('gone')
    expect(again.message).toBe('This link was used already.')
  })

  it('lets one of two simultaneous confirmations through', async () => {
    const user = await joinAs()
    const link = await latestLink(user.id)
    const results = await Promise.allSettled([confirmAddress(db.sql, link), confirmAddress(db.sql, link)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  })

  it('refuses an expired link and confirms nothing', async () => {
    const user = await joinAs()
    const link = await latestLink(user.id)
    await db.sql`update email_tokens set expires_at = now() - interval '1 second' where user_id = ${user.id}`
    expect((await readConfirmation(db.sql, link)).state).toBe('expired')
    const refused = await refusal(confirmAddress(db.sql, link))
    expect(refused).toMatchObject({ code: 'gone', state: 'expired', message: 'This link has expired: links work for 48 hours.' })
    expect((await account(user.id)).verified).toBe(false)
  })

  it('refuses forged and garbled links as links that do not exist', async () => {
    const user = await joinAs()
    const link = await latestLink(user.id)
    const id = link.split('.')[0]
    const forged = [
      `${id}.${'A'.repeat(43)}`,
      `${Number(id) + 1000}.${link.split('.')[1]}`,
      await signLink(db.sql, 'unsubscribe', id),
      await signLink(db.sql, 'verify_email', String(Number(id) + 1000)),
      await signLink(db.sql, 'verify_email', 'abc'),
      await signLink(db.sql, 'verify_email', '0'),
      await signLink(db.sql, 'verify_email', '99999999999999999999'),
      'nonsense',
      '.',
      '',
      'x'.repeat(2000),
      undefined,
    ]
    for (const bad of forged) {
      expect((await refusal(readConfirmation(db.sql, bad))).code, String(bad)).toBe('not_found')
      expect((await refusal(confirmAddress(db.sql, bad))).code, String(bad)).toBe('not_found')
    }
    expect((await account(user.id)).verified).toBe(false)
  })
})

describe('changing the address', () => {
  const change = (user: User, email: string, password = TEST_PASSWORD) => requestEmailChange(db.sql, user, { email, password })

  it('needs the current password, a new address, and one no other account has; keeps the address meanwhile', async () => {
    const user = await makeUser(db.sql, { emailVerified: false })
    const other = await makeUser(db.sql)
    const wrong = await refusal(change(user, 'fresh@example.test', 'not my password'))
    expect(wrong.fields).toEqual({ password: 'That is not your current password.' })
    const same = await refusal(change(user, `${user.username.toUpperCase()}@EXAMPLE.test`))
    expect(same.fields).toEqual({ email: 'That is your address already.' })
    const taken = await refusal(change(user, `${other.username}@Example.test`))
    expect(taken).toMatchObject({ code: 'conflict', fields: { email: 'Another account uses that address.' } })
    const invalid = await refusal(change(user, 'not an address'))
    expect(invalid.fields).toEqual({ email: 'Enter a valid email address.' })
    expect(await mailsOf(user.id)).toEqual([])

    expect(await change(user, 'fresh@example.test')).toEqual({
      pending: 'fresh@example.test',
      current: `${user.username}@example.test`,
    })
    const mails = await mailsOf(user.id)
    expect(mails).toEqual([
      { kind: 'verify_email', toAddress: 'fresh@example.test', emailTokenId: mails[0].emailTokenId, tokenEmail: 'fresh@example.test' },
      {
        kind: 'email_changed',
        toAddress: `${user.username}@example.test`,
        emailTokenId: mails[0].emailTokenId,
        tokenEmail: 'fresh@example.test',
      },
    ])
    expect((await account(user.id)).email).toBe(`${user.username}@example.test`)
    expect(await getEmailSettingsPage(db.sql, user)).toEqual({
      email: `${user.username}@example.test`,
      confirmed: false,
      pending: { email: 'fresh@example.test', expired: false },
    })

    const link = await latestLink(user.id)
    expect(await confirmAddress(db.sql, link)).toEqual({ email: 'fresh@example.test', changedFrom: `${user.username}@example.test` })
    expect(await account(user.id)).toEqual({ email: 'fresh@example.test', verified: true })
    expect((await getEmailSettingsPage(db.sql, user)).pending).toBeNull()
    const audit = await db.sql`select actor_id, action, target_type, target_id, detail from audit_log where action = 'email:changed'`
    expect(audit).toEqual([
      {
        actorId: user.id,
        action: 'email:changed',
        targetType: 'user',
        targetId: String(user.id),
        detail: { username: user.username, from: `${user.username}@example.test`, to: 'fresh@example.test' },
      },
    ])
  })

  it('honours only the newest link: an older one is refused as replaced', async () => {
    const user = await joinAs()
    const joinLink = await latestLink(user.id)
    await requestEmailChange(db.sql, user, { email: 'first-choice@example.test', password: 'long enough password' })
    const firstLink = await latestLink(user.id)
    await requestEmailChange(db.sql, user, { email: 'second-choice@example.test', password: 'long enough password' })
    const secondLink = await latestLink(user.id)
    for (const old of [joinLink, firstLink]) {
      expect((await readConfirmation(db.sql, old)).state).toBe('superseded')
      expect(await refusal(confirmAddress(db.sql, old))).toMatchObject({ code: 'gone', state: 'superseded' })
    }
    expect((await account(user.id)).email).toBe(`${user.username}@example.test`)
    await confirmAddress(db.sql, secondLink)
    expect(await account(user.id)).toEqual({ email: 'second-choice@example.test', verified: true })
    // Every other link of the account is spent with it.
    const unused = await db.sql`select id from email_tokens where user_id = ${user.id} and used_at is null`
    expect(unused).toEqual([])
  })

  it('changes nothing when another account took the address before the link was confirmed', async () => {
    const user = await makeUser(db.sql)
    await requestEmailChange(db.sql, user, { email: 'contested@example.test', password: TEST_PASSWORD })
    const link = await latestLink(user.id)
    await joinAs('contested')
    const refused = await refusal(confirmAddress(db.sql, link))
    expect(refused.code).toBe('conflict')
    expect(refused.message).toBe(
      `Another account uses contested@example.test now, so it cannot be yours too. Your address stays ${user.username}@example.test.`,
    )
    expect((await account(user.id)).email).toBe(`${user.username}@example.test`)
    expect((await readConfirmation(db.sql, link)).state).toBe('ready')
  })

  it('is the owner’s alone', async () => {
    const user = await makeUser(db.sql)
    const staff = await makeUser(db.sql, { role: 'admin' })
    expect(can(user, 'account:changeEmail', { userId: user.id })).toBe(true)
    expect(can(staff, 'account:changeEmail', { userId: user.id })).toBe(false)
    expect(can(null, 'account:changeEmail', { userId: user.id })).toBe(false)
  })
})

describe('sending the link again', () => {
  it('goes to the address while unconfirmed, to a waiting new address, and nowhere once confirmed', async () => {
    const user = await joinAs()
    expect(await resendConfirmation(db.sql, user)).toEqual({ sentTo: `${user.username}@example.test` })
    await confirmAddress(db.sql, await latestLink(user.id))
    expect((await refusal(resendConfirmation(db.sql, user))).message).toBe('Your address is confirmed already: there is nothing to send.')
    await requestEmailChange(db.sql, user, { email: `${user.username}-new@example.test`, password: 'long enough password' })
    expect(await resendConfirmation(db.sql, user)).toEqual({ sentTo: `${user.username}-new@example.test` })
    // The old address heard of the change once, not again with every resend.
    expect((await mailsOf(user.id)).filter((m) => m.kind === 'email_changed')).toHaveLength(1)
  })

  it('is limited to five an hour with changes, and says so', async () => {
    const user = await joinAs()
    for (let i = 0; i < 5; i++) await resendConfirmation(db.sql, user, LIMITS_ON)
    const refused = await refusal(resendConfirmation(db.sql, user, LIMITS_ON))
    expect(refused.code).toBe('rate_limited')
    expect(refused.message).toMatch(/^Too many confirmation emails for your account\. Please try again in (60|59) minutes\.$/)
    // Wrong passwords count as well, so the form is no way to guess one.
    const guess = await refusal(requestEmailChange(db.sql, user, { email: 'x@example.test', password: 'a guess' }, LIMITS_ON))
    expect(guess.code).toBe('rate_limited')
  })
})
