import { describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../tests/database'
import { makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'
import { png } from '../tests/images'

/* The community's identity (/admin/identity), the rules on /admin with their defaults, and the audit log in sentences. */

const db = setupTestDatabase()
const forum = setupForumServer(db)

async function person(role: 'member' | 'staff' | 'admin') {
  const user = await makeUser(db.sql, { role })
  return { user, cookie: await signIn(forum.url, user.username, TEST_PASSWORD) }
}

/** The identity form as a browser sends it: multipart, with a logo file when one is picked. */
async function saveIdentity(cookie: string, fields: Record<string, string>, logo?: Buffer) {
  const body = new FormData()
  for (const [name, value] of Object.entries({ intent: 'save', siteDescription: '', welcomeBanner: '', accentColor: '', ...fields })) {
    body.append(name, value)
  }
  if (logo) body.append('logo', new Blob([new Uint8Array(logo)], { type: 'image/png' }), 'logo.png')
  return fetch(`${forum.url}/admin/identity`, { method: 'POST', body, redirect: 'manual', headers: { Origin: forum.url, Cookie: cookie } })
}

async function page(path: string, cookie?: string) {
  const response = await fetch(forum.url + path, { headers: cookie ? { Cookie: cookie } : {} })
  return { status: response.status, headers: response.headers, html: await response.text() }
}

const meta = (html: string, key: string) =>
  new RegExp(`<meta (?:property|name)="${key.replace(/[:]/g, '\\$&')}" content="([^"]*)"`).exec(html)?.[1] ?? null
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]
/** A page's words as a reader reads them: no tags, no React's text separators. */
const words = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ')

/** The settings an admin sets (not the rendering stamp the server keeps beside them). */
const settingsNow = async () =>
  Object.fromEntries(
    (await db.sql<{ key: string; value: unknown }[]>`select key, value from settings where key <> 'markdownRenderedWith'`).map((r) => [
      r.key,
      r.value,
    ]),
  )
const auditCount = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log`)[0].n

describe('the community’s identity', () => {
  it('is saved by an admin and shown in the header, titles, link previews, feeds and accent colour', async () => {
    const admin = await person('admin')
    const saved = await saveIdentity(
      admin.cookie,
      { siteName: '  Acme   Help Centre ', siteDescription: 'Answers from Acme customers.', accentColor: '#0F5132' },
      await png(56, 56, '#0f5132'),
    )
    expect(saved.status).toBe(200)

    const home = await page('/')
    expect(title(home.html)).toBe('Acme Help Centre')
    expect(home.html).toContain('aria-label="Acme Help Centre home"')
    expect(meta(home.html, 'og:site_name')).toBe('Acme Help Centre')
    expect(meta(home.html, 'description')).toBe('Answers from Acme customers.')
    expect(words(home.html)).toContain('Answers from Acme customers.')
    // The logo is an upload that the daily clean-up keeps, since a setting refers to it.
    const logo = /<img class="brand__logo" src="(\/uploads\/([0-9a-f]{64})\.png)"/.exec(home.html)
    expect(logo).not.toBeNull()
    expect((await fetch(forum.url + logo![1])).status).toBe(200)
    const [reference] = await db.sql`select source from upload_references where hash = ${logo![2]}`
    expect(reference.source).toBe('setting')
    // The accent is a style sheet from this site (what the CSP allows), named by the colour and kept for a year.
    expect(home.html).toContain('<link rel="stylesheet" href="/accent.css?c=0f5132"/>')
    expect(home.headers.get('content-security-policy')).toContain("style-src 'self';")
    const sheet = await fetch(`${forum.url}/accent.css?c=0f5132`)
    expect(sheet.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(sheet.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(await sheet.text()).toContain('--accent:#0f5132')
    expect((await fetch(`${forum.url}/accent.css?c=red;}body{display:none`)).status).toBe(404)

    expect(title((await page('/login')).html)).toBe('Sign in · Acme Help Centre')
    const feed = await (await fetch(`${forum.url}/feeds/latest`)).text()
    expect(feed).toContain('<title>Latest threads · Acme Help Centre</title>')
    expect(feed).toContain('<generator>Acme Help Centre</generator>')
    const missing = await page('/no/such/page')
    expect(title(missing.html)).toBe('Page not found · Acme Help Centre')

    // Removing the logo and the colour puts the theme's back.
    expect((await saveIdentity(admin.cookie, { siteName: 'Acme Help Centre', removeLogo: 'on' })).status).toBe(200)
    const plain = await page('/')
    expect(plain.html).not.toContain('brand__logo')
    expect(plain.html).not.toContain('/accent.css')
    expect(await db.sql`select 1 from upload_references where hash = ${logo![2]}`).toHaveLength(0)
  })

  it('refuses an accent colour white text cannot be read on, and a blank name, changing nothing', async () => {
    const admin = await person('admin')
    const before = await settingsNow()
    const pale = await saveIdentity(admin.cookie, { siteName: 'Pale', accentColor: '#ffd700' })
    expect(pale.status).toBe(400)
    const body = await pale.text()
    expect(body).toContain('White text on #ffd700 has a contrast of only 1.4:1')
    expect(body).toContain('Pick a darker colour.')
    const nameless = await saveIdentity(admin.cookie, { siteName: '   ' })
    expect(nameless.status).toBe(400)
    expect(await nameless.text()).toContain('Enter the community’s name.')
    expect(await settingsNow()).toEqual(before)
  })

  it('shows the welcome banner on the home page as sanitized Markdown', async () => {
    const admin = await person('admin')
    const banner = [
      'Welcome, **friends**! Read [the guide](/c/getting-started) first.',
      '<script>alert(1)</script><img src="x" onerror="alert(2)"> [trap](javascript:alert(3))',
    ].join('\n\n')
    expect((await saveIdentity(admin.cookie, { siteName: 'Acme Help Centre', welcomeBanner: banner })).status).toBe(200)
    const home = (await page('/')).html
    const shown = /<div class="prose hero__banner">([\s\S]*?)<\/div>/.exec(home)?.[1] ?? ''
    expect(shown).toContain('<strong>friends</strong>')
    expect(shown).toContain('href="/c/getting-started"')
    // What is not allowed shows as text, if at all: no script, no handler, no javascript: link.
    expect(shown).not.toMatch(/<script|<img[^>]*onerror|href="javascript:/i)
  })
})

describe('community rules on /admin', () => {
  it('shows each rule’s default, and puts one back with "Reset to default", in the audit log as sentences', async () => {
    const admin = await person('admin')
    expect((await postForm(forum.url, '/admin', { intent: 'rules', voteBudget: '7', flagThreshold: '4' }, admin.cookie)).status).toBe(200)
    expect(await settingsNow()).toMatchObject({ voteBudget: 7, flagThreshold: 4 })
    const flags = await postForm(forum.url, '/admin', { intent: 'rules', voteBudget: '7', flagThreshold: '0' }, admin.cookie)
    expect(flags.status).toBe(400)
    expect(await flags.text()).toContain('Enter a whole number of flags from 1 to 50.')

    const rules = words((await page('/admin', admin.cookie)).html)
    expect(rules).toContain('Default: none')
    expect(rules).toContain('Default: 3 flags')
    expect(rules).toContain('Reset to default (Idea vote budget)')

    const reset = await postForm(forum.url, '/admin', { intent: 'reset', key: 'voteBudget' }, admin.cookie)
    expect(reset.status).toBe(200)
    expect(words(await reset.text())).toContain('Idea vote budget is back to its default: none.')
    expect((await settingsNow()).voteBudget).toBeUndefined()
    expect((await postForm(forum.url, '/admin', { intent: 'reset', key: 'siteName; drop table settings' }, admin.cookie)).status).toBe(400)

    const name = admin.user.username
    const expected = [
      `${name} changed the flags that hide a post from 3 flags to 4 flags`,
      `${name} reset the idea vote budget to its default, none`,
      `${name} changed the idea vote budget from none to 7`,
    ]
    const log = words((await page('/admin/audit?targetType=setting', admin.cookie)).html)
    const latest = (await page('/admin', admin.cookie)).html
    for (const sentence of expected) {
      expect(log).toContain(sentence)
      expect(words(latest)).toContain(sentence)
    }
    // Identity changes are sentences too, and never raw JSON.
    expect(log).toContain('changed the community’s name from “Community” to “Acme Help Centre”')
    expect(log).toMatch(/changed the welcome banner\d/)
    expect(latest).not.toContain('{&quot;key')
    expect(latest).not.toContain('"key":')
  })

  it('takes the community’s time zone by name and refuses one that does not exist', async () => {
    const admin = await person('admin')
    const bad = await postForm(forum.url, '/admin', { intent: 'rules', voteBudget: '', timeZone: 'Mars/Olympus_Mons' }, admin.cookie)
    expect(bad.status).toBe(400)
    expect(words(await bad.text())).toContain('“Mars/Olympus_Mons” is not a time zone the forum knows.')
    expect((await settingsNow()).timeZone).toBeUndefined()
    expect((await postForm(forum.url, '/admin', { intent: 'rules', voteBudget: '', timeZone: 'Europe/Berlin' }, admin.cookie)).status).toBe(
      200,
    )
    expect((await settingsNow()).timeZone).toBe('Europe/Berlin')
    expect(words((await page('/admin/audit?targetType=setting', admin.cookie)).html)).toContain(
      `${admin.user.username} changed the community’s time zone from “UTC” to “Europe/Berlin”`,
    )
    await postForm(forum.url, '/admin', { intent: 'reset', key: 'timeZone' }, admin.cookie)
  })

  it('refuses staff and members who forge the forms, changing nothing', async () => {
    const before = { settings: await settingsNow(), audit: await auditCount() }
    for (const role of ['staff', 'member'] as const) {
      const { cookie } = await person(role)
      expect((await saveIdentity(cookie, { siteName: 'Hijacked', accentColor: '#000000' }, await png(20, 20))).status).toBe(403)
      expect((await postForm(forum.url, '/admin', { intent: 'rules', voteBudget: '1' }, cookie)).status).toBe(403)
      expect((await postForm(forum.url, '/admin', { intent: 'reset', key: 'flagThreshold' }, cookie)).status).toBe(403)
      expect((await page('/admin/identity', cookie)).status).toBe(403)
    }
    expect({ settings: await settingsNow(), audit: await auditCount() }).toEqual(before)
    expect(title((await page('/')).html)).not.toContain('Hijacked')
  })
})
