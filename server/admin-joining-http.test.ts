import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

import { confirmAddress, confirmationPath } from '../app/domain/addresses/confirmation.server'
import type { User } from '../app/domain/policy.server'
import { readMail } from '../mail/eml'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

/* Who may join, set by admins at /admin/joining, over HTTP against the real build; invitations go out through the mail folder. */

const db = setupTestDatabase()
const forum = setupForumServer(db)

const PASSWORD = 'long enough password'

const get = async (path: string, cookie?: string) => {
  const response = await fetch(forum.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  return { status: response.status, text: (await response.text()).replaceAll('<!-- -->', '') }
}

/** The session a successful sign-up starts, and the notice it leaves for the next page. */
function joined(response: Response) {
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0])
  return { session: cookies.find((c) => c.startsWith('forum_session='))!, notice: cookies.find((c) => c.startsWith('forum_notice=')) }
}

const join = (fields: Record<string, string>) => postForm(forum.url, '/join', { password: PASSWORD, ...fields })
const userNamed = async (username: string) => (await db.sql`select * from users where lower(username) = lower(${username})`)[0]
const auditOf = async (action: string) =>
  db.sql`select actor_id, target_type, target_id, detail from audit_log where action = ${action} order by id`
const settingsNow = async () => db.sql`select key, value from settings order by key`

let admin: User
let adminCookie: string
let staffCookie: string
let memberCookie: string
let category: { slug: string }
let thread: { threadId: number; slug: string }

beforeAll(async () => {
  const [a, staff, member] = await Promise.all([makeUser(db.sql, { role: 'admin' }), makeUser(db.sql, { role: 'staff' }), makeUser(db.sql)])
  admin = a
  ;[adminCookie, staffCookie, memberCookie] = await Promise.all([a, staff, member].map((u) => signIn(forum.url, u.username, TEST_PASSWORD)))
  category = await makeCategory(db.sql)
  thread = await makeThread(db.sql, member, category.slug, { title: 'How do I reset the router?' })
})

const admin_ = (fields: Record<string, string>, cookie = adminCookie) => postForm(forum.url, '/admin/joining', fields, cookie)
const setMode = async (mode: string, domains = '') => expect((await admin_({ intent: 'rules', mode, domains })).status).toBe(200)

const startThread = (cookie: string, title = 'A question from a newcomer') =>
  postForm(
    forum.url,
    '/new',
    { intent: 'post', category: category.slug, kind: 'question', title, body: 'Where is the reset button?' },
    cookie,
  )
const reply = (cookie: string) =>
  postForm(forum.url, `/t/${thread.threadId}/${thread.slug}`, { intent: 'reply', body: 'Hold it for ten seconds.' }, cookie)

/** The link of the newest invitation mailed to `to`, read from the delivered .eml file. */
async function mailedInvitation(to: string, after = 0): Promise<string> {
  const folder = path.join(forum.dataDir, 'mail')
  const deadline = Date.now() + 10_000
  for (;;) {
    const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith('.eml')).sort()
    const mails = await Promise.all(names.map(async (name) => readMail(await readFile(path.join(folder, name), 'utf8'))))
    const invitations = mails.filter((mail) => mail.to.includes(to) && mail.subject === 'You are invited to join the community')
    if (invitations.length > after) {
      const url = new URL(/https?:\/\/\S+\/join\?invite=\S+/.exec(invitations.at(-1)!.text)![0])
      return url.pathname + url.search
    }
    if (Date.now() > deadline) throw new Error(`no invitation mailed to ${to}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const inviteParam = (link: string) => new URLSearchParams(link.split('?')[1]).get('invite')!

describe('who may join', () => {
  it('listed domains: other addresses are refused with a field message, and a listed one posts once its address is confirmed', async () => {
    const saved = await admin_({ intent: 'rules', mode: 'domains', domains: 'acme.test\n@Acme-Partners.test, acme.test' })
    expect(saved.status).toBe(200)
    expect((await auditOf('joining:modeChanged')).at(-1)).toMatchObject({ actorId: admin.id, detail: { from: 'open', to: 'domains' } })
    expect((await auditOf('joining:domainsChanged')).at(-1)).toMatchObject({
      detail: { from: [], to: ['acme-partners.test', 'acme.test'] },
    })
    expect((await get('/join')).text).toContain('Use your address at acme-partners.test or acme.test.')

    // A mode without its domains, or a name that is no domain, is refused where it was typed.
    const empty = await admin_({ intent: 'rules', mode: 'domains', domains: '' })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('List at least one domain, such as example.com.')
    expect((await admin_({ intent: 'rules', mode: 'domains', domains: 'not a domain' })).status).toBe(400)

    const outsider = await join({ username: 'outsider', email: 'outsider@gmail.test' })
    expect(outsider.status).toBe(403)
    expect(await outsider.text()).toContain('Only addresses at acme-partners.test or acme.test can join this community.')
    expect(await userNamed('outsider')).toBeUndefined()

    const staffer = await join({ username: 'acme_staffer', email: 'staffer@ACME.test' })
    expect(staffer.status).toBe(302)
    const { session, notice } = joined(staffer)
    expect(notice).toBe('forum_notice=confirm-to-post')
    expect((await get('/', `${session}; ${notice}`)).text).toContain('open its link to confirm your address, and then you can post')

    // Reading is fine; posting waits for the address, and says how to get the link again.
    expect((await get(`/t/${thread.threadId}/${thread.slug}`, session)).text).toContain('Verify your address first')
    const newPage = await get('/new', session)
    expect(newPage.text).toContain('Verify your address first')
    expect(newPage.text).toContain('href="/settings/email"')
    const refused = await startThread(session)
    expect(refused.status).toBe(403)
    const refusedText = await refused.text()
    expect(refusedText).toContain('Verify your address first: open the link we emailed you')
    expect(refusedText).toContain('Send the confirmation link again')
    expect((await reply(session)).status).toBe(403)
    const user = await userNamed('acme_staffer')
    expect(await db.sql`select 1 from posts where author_id = ${user.id}`).toHaveLength(0)

    const [mail] = await db.sql`select email_token_id from mails where user_id = ${user.id} and kind = 'verify_email'`
    await confirmAddress(db.sql, (await confirmationPath(db.sql, mail.emailTokenId)).split('/').at(-1))
    expect((await startThread(session)).status).toBe(302)
    expect((await reply(session)).status).toBe(302)
  })

  it('by invitation only: /join explains and refuses without one; an invitation works once, and not once expired or withdrawn', async () => {
    await setMode('invitation')
    const page = await get('/join')
    expect(page.text).toContain('Joining this community is by invitation.')
    expect(page.text).not.toContain('Create account')
    const uninvited = await join({ username: 'uninvited', email: 'uninvited@example.test' })
    expect(uninvited.status).toBe(403)
    expect(await uninvited.text()).toContain('Joining this community is by invitation')
    expect(await userNamed('uninvited')).toBeUndefined()

    const sent = await admin_({ intent: 'invite', email: 'guest@example.test' })
    expect(sent.status).toBe(200)
    expect(await sent.text()).toContain('Invitation sent to guest@example.test')
    expect((await auditOf('invitation:sent')).at(-1)).toMatchObject({
      actorId: admin.id,
      targetType: 'invitation',
      detail: { email: 'guest@example.test' },
    })
    const link = await mailedInvitation('guest@example.test')
    const invited = await get(link)
    expect(invited.text).toContain('You are invited to join with guest@example.test.')
    expect(invited.text).toContain('value="guest@example.test"')
    expect((await get('/admin/joining', adminCookie)).text).toContain('guest@example.test')

    const guest = await join({ username: 'guest', email: 'guest@example.test', invite: inviteParam(link) })
    expect(guest.status).toBe(302)
    expect(joined(guest).notice).toBe('forum_notice=welcome')
    // The link came to the address: it is confirmed, and no confirmation mail goes.
    const user = await userNamed('guest')
    expect(user.emailVerifiedAt).toBeInstanceOf(Date)
    expect(await db.sql`select 1 from mails where user_id = ${user.id}`).toHaveLength(0)
    expect((await startThread(joined(guest).session, 'A question from a guest')).status).toBe(302)

    const again = await join({ username: 'guest_twin', email: 'twin@example.test', invite: inviteParam(link) })
    expect(again.status).toBe(410)
    expect(await again.text()).toContain('This invitation was used already')
    expect((await get(link)).text).toContain('This invitation was used already')
    expect((await get('/admin/joining', adminCookie)).text).not.toContain('guest@example.test')

    await admin_({ intent: 'invite', email: 'late@example.test' })
    const late = await mailedInvitation('late@example.test')
    await db.sql`update invitations set expires_at = now() - interval '1 minute' where email = 'late@example.test'`
    expect((await get(late)).text).toContain('This invitation has expired')
    const expired = await join({ username: 'latecomer', email: 'late@example.test', invite: inviteParam(late) })
    expect(expired.status).toBe(410)
    expect(await userNamed('latecomer')).toBeUndefined()

    await admin_({ intent: 'invite', email: 'withdrawn@example.test' })
    const withdrawnLink = await mailedInvitation('withdrawn@example.test')
    const [{ id }] = await db.sql`select id from invitations where email = 'withdrawn@example.test'`
    const revoked = await admin_({ intent: 'revoke', id: String(id) })
    expect(revoked.status).toBe(200)
    expect((await auditOf('invitation:revoked')).at(-1)).toMatchObject({ detail: { email: 'withdrawn@example.test' } })
    const withdrawn = await join({ username: 'withdrawn', email: 'withdrawn@example.test', invite: inviteParam(withdrawnLink) })
    expect(withdrawn.status).toBe(410)
    expect(await withdrawn.text()).toContain('This invitation was withdrawn')

    // A forged or mistyped link is no invitation at all.
    const forged = await join({ username: 'forger', email: 'forger@example.test', invite: `${id}.${'A'.repeat(43)}` })
    expect(forged.status).toBe(404)
    expect(await forged.text()).toContain('This invitation link is not valid')
    // Inviting an address that has an account already is refused at the field.
    const taken = await admin_({ intent: 'invite', email: 'GUEST@example.test' })
    expect(taken.status).toBe(409)
    expect(await taken.text()).toContain('An account with that email already exists.')
  })

  it('held for approval: new accounts sign in and read, and post once an admin approves them; refusing deletes the account', async () => {
    await setMode('approval')
    expect((await get('/join')).text).toContain('An admin approves new accounts before they post.')
    const first = await join({ username: 'hopeful', email: 'hopeful@example.test' })
    const second = await join({ username: 'spammy', email: 'spammy@example.test' })
    expect([first.status, second.status]).toEqual([302, 302])
    expect(joined(first).notice).toBe('forum_notice=awaiting-approval')
    const hopeful = joined(first).session
    const spammy = joined(second).session
    expect((await get('/settings/email', hopeful)).status).toBe(200)

    const refused = await startThread(hopeful)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('Your account waits for an admin’s approval.')
    expect((await reply(hopeful)).status).toBe(403)

    const list = (await get('/admin/joining', adminCookie)).text
    expect(list).toContain('hopeful@example.test')
    expect(list).toContain('spammy@example.test')

    const [hopefulRow, spammyRow] = [await userNamed('hopeful'), await userNamed('spammy')]
    expect((await admin_({ intent: 'approve', id: String(hopefulRow.id) })).status).toBe(200)
    expect((await startThread(hopeful, 'Approved and asking')).status).toBe(302)
    expect((await auditOf('account:approved')).at(-1)).toMatchObject({ targetType: 'user', targetId: String(hopefulRow.id) })

    const refusal = await admin_({ intent: 'refuse', id: String(spammyRow.id) })
    expect(refusal.status).toBe(200)
    expect(await refusal.text()).toContain('The sign-up of spammy is refused')
    expect((await userNamed('spammy')) ?? null).toBeNull()
    expect((await db.sql`select deleted_at from users where id = ${spammyRow.id}`)[0].deletedAt).toBeInstanceOf(Date)
    expect((await get('/settings/email', spammy)).status).toBe(302)
    expect((await auditOf('account:deleted')).at(-1)).toMatchObject({
      actorId: admin.id,
      targetId: String(spammyRow.id),
      detail: { byAdmin: true, refusedSignUp: true },
    })
    expect(await db.sql`select 1 from users where email = 'spammy@example.test' or username = 'spammy'`).toHaveLength(0)
    // Deciding twice finds nothing waiting.
    expect((await admin_({ intent: 'approve', id: String(spammyRow.id) })).status).toBe(404)
    expect((await admin_({ intent: 'approve', id: 'nope' })).status).toBe(404)
  })

  it('guidelines: written by admins, shown at /guidelines, and accepting them is required to join when admins say so', async () => {
    await setMode('open')
    const blank = await admin_({ intent: 'guidelines', guidelines: '  ', guidelinesRequired: 'on' })
    expect(blank.status).toBe(400)
    expect(await blank.text()).toContain('Write the guidelines before asking members to accept them.')

    const guidelines = '## Be kind\n\nAnswer the question asked. <script>alert(1)</script>'
    expect((await admin_({ intent: 'guidelines', guidelines, guidelinesRequired: 'on' })).status).toBe(200)
    const page = await get('/guidelines')
    expect(page.status).toBe(200)
    expect(page.text).toMatch(/<h\d>Be kind<\/h\d>/)
    expect(page.text).not.toContain('<script>alert(1)')
    expect((await auditOf('guidelines:changed')).at(-1)).toMatchObject({ detail: { fromLength: 0, toLength: guidelines.length } })
    expect((await auditOf('guidelines:requiredChanged')).at(-1)).toMatchObject({ detail: { to: true } })

    const form = (await get('/join')).text
    expect(form).toContain('I accept the community guidelines')
    expect(form).toContain('href="/guidelines"')
    const unticked = await join({ username: 'hasty', email: 'hasty@example.test' })
    expect(unticked.status).toBe(400)
    expect(await unticked.text()).toContain('Please accept the community guidelines to join.')
    expect(await userNamed('hasty')).toBeUndefined()
    expect((await join({ username: 'hasty', email: 'hasty@example.test', acceptGuidelines: 'on' })).status).toBe(302)
    expect((await userNamed('hasty')).guidelinesAcceptedAt).toBeInstanceOf(Date)

    expect((await admin_({ intent: 'guidelines', guidelines })).status).toBe(200)
    expect((await get('/join')).text).not.toContain('I accept the community guidelines')
  })

  it('refuses the page and every form to staff and members, changing nothing', async () => {
    await setMode('approval')
    await join({ username: 'waiting_one', email: 'waiting_one@example.test' })
    const waiting = await userNamed('waiting_one')
    await admin_({ intent: 'invite', email: 'pending@example.test' })
    const [invitation] = await db.sql`select id from invitations where email = 'pending@example.test'`
    const before = {
      settings: await settingsNow(),
      invitations: await db.sql`select * from invitations order by id`,
      audit: (await db.sql`select count(*)::int as n from audit_log`)[0].n,
    }

    expect((await get('/admin/joining')).status).toBe(302)
    const forms: Record<string, string>[] = [
      { intent: 'rules', mode: 'open', domains: '' },
      { intent: 'guidelines', guidelines: 'Anything goes.', guidelinesRequired: 'on' },
      { intent: 'invite', email: 'friend@example.test' },
      { intent: 'revoke', id: String(invitation.id) },
      { intent: 'approve', id: String(waiting.id) },
      { intent: 'refuse', id: String(waiting.id) },
    ]
    for (const cookie of [staffCookie, memberCookie]) {
      expect((await get('/admin/joining', cookie)).status).toBe(403)
      for (const fields of forms) expect((await admin_(fields, cookie)).status, fields.intent).toBe(403)
    }
    expect(await settingsNow()).toEqual(before.settings)
    expect(await db.sql`select * from invitations order by id`).toEqual(before.invitations)
    expect((await db.sql`select count(*)::int as n from audit_log`)[0].n).toBe(before.audit)
    expect((await userNamed('waiting_one')).approvalPendingSince).toBeInstanceOf(Date)
    expect(await db.sql`select 1 from mails where to_address = 'friend@example.test'`).toHaveLength(0)
    await setMode('open')
  })

  it('says each change as a sentence in the audit log', async () => {
    const log = (await get('/admin/audit', adminCookie)).text.replaceAll(' data-discover="true"', '')
    const by = `${admin.username}</a>`
    expect(log).toContain(
      `${by} changed <a href="/admin/joining">who may join</a> from sign-up with an address at listed domains to by invitation only`,
    )
    expect(log).toContain(
      `${by} changed <a href="/admin/joining">the domains whose addresses may join</a> from none to acme-partners.test, acme.test`,
    )
    expect(log).toMatch(new RegExp(`${by} sent <a href="/admin/joining">invitation #\\d+</a> to guest@example.test`))
    expect(log).toMatch(new RegExp(`${by} withdrew <a href="/admin/joining">invitation #\\d+</a> to withdrawn@example.test`))
    expect(log).toContain(`${by} approved the sign-up of <a href="/u/hopeful">hopeful</a>`)
    expect(log).toContain(`${by} refused at sign-up, and deleted, <em>an account</em>`)
    expect(log).toContain(`${by} made accepting <a href="/admin/joining">the community guidelines</a> required to join`)
    expect(log).toContain(`${by} rewrote <a href="/admin/joining">the community guidelines</a> (now`)
  })
})
