import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'

import { changeIdeaStatus } from '../app/domain/ideas/ideas.server'
import { hidePost } from '../app/domain/moderation/moderation.server'
import { acceptAnswer } from '../app/domain/questions/questions.server'
import { replyToThread, startThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeUser } from '../tests/factories'
import { setupForumServer } from '../tests/forum-server'

/* What search engines, feed readers and link previews read: structured data, addresses, sitemaps, feeds. */

const db = setupTestDatabase()
const forum = setupForumServer(db)

const get = (path: string) => fetch(forum.url + path, { redirect: 'manual' })

async function page(path: string) {
  const response = await get(path)
  expect(response.status).toBe(200)
  return { response, html: await response.text() }
}

function jsonLd(html: string, csp: string) {
  const found = /<script type="application\/ld\+json" nonce="([^"]+)">([\s\S]*?)<\/script>/.exec(html)
  if (!found) return null
  // A data block, but under the page's policy all the same: it carries this response's nonce.
  expect(csp).toContain(`'nonce-${found[1]}'`)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, checked field by field below
  return JSON.parse(found[2]) as Record<string, any>
}

function meta(html: string, key: string) {
  const found = new RegExp(`<meta (?:property|name)="${key.replace(/[:]/g, '\\$&')}" content="([^"]*)"`).exec(html)
  return found?.[1] ?? null
}

const canonical = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1] ?? null

async function scene() {
  const staff = await makeUser(db.sql, { role: 'staff' })
  const asker = await makeUser(db.sql)
  const helper = await makeUser(db.sql)
  const other = await makeUser(db.sql)
  const category = await makeCategory(db.sql, { allowedKinds: ['question', 'discussion', 'idea'] })
  const members = await makeCategory(db.sql, { readableBy: 'members' })
  return { staff, asker, helper, other, category, members }
}

function parseXml(body: string) {
  expect(XMLValidator.validate(body)).toBe(true)
  return new XMLParser({ ignoreAttributes: false, isArray: (name) => ['url', 'sitemap', 'entry', 'link'].includes(name) }).parse(body)
}

describe('structured data', () => {
  it('describes a solved question as a QAPage with its accepted and suggested answers', async () => {
    const { staff, asker, helper, other, category } = await scene()
    const question = await startThread(db.sql, asker, {
      category: category.slug,
      kind: 'question',
      title: 'Exports stop at ten thousand rows',
      body: 'Every export I run stops at **10,000** rows & the rest <are> missing.',
    })
    const answer = await replyToThread(db.sql, helper, question.threadId, 'Turn on paged exports in the settings.')
    await replyToThread(db.sql, other, question.threadId, 'Same here, following.')
    const hidden = await replyToThread(db.sql, other, question.threadId, 'Buy cheap watches here.')
    await hidePost(db.sql, staff, hidden.postId, 'spam')
    await acceptAnswer(db.sql, asker, question.threadId, answer.postId)

    const { response, html } = await page(`/t/${question.threadId}/${question.slug}`)
    const data = jsonLd(html, response.headers.get('content-security-policy')!)!
    expect(data['@context']).toBe('https://schema.org')
    expect(data['@type']).toBe('QAPage')
    const q = data.mainEntity
    expect(q['@type']).toBe('Question')
    expect(q.name).toBe('Exports stop at ten thousand rows')
    expect(q.text).toBe('Every export I run stops at 10,000 rows & the rest <are> missing.')
    expect(q.answerCount).toBe(3)
    expect(new Date(q.dateCreated).getTime()).not.toBeNaN()
    expect(q.author).toMatchObject({ '@type': 'Person', name: asker.username })
    expect(q.acceptedAnswer).toMatchObject({
      '@type': 'Answer',
      text: 'Turn on paged exports in the settings.',
      upvoteCount: 0,
      author: { '@type': 'Person', name: helper.username },
    })
    expect(q.acceptedAnswer.url).toBe(`${forum.url}/t/${question.threadId}/${question.slug}/2#post-2`)
    expect(new Date(q.acceptedAnswer.dateCreated).getTime()).not.toBeNaN()
    // The hidden reply is not something a visitor reads, so it is not an answer either.
    expect(q.suggestedAnswer.map((a: { text: string }) => a.text)).toEqual(['Same here, following.'])
    expect(html).not.toContain('cheap watches')
  })

  it('gives an unsolved question suggested answers and no accepted one', async () => {
    const { asker, helper, category } = await scene()
    const question = await startThread(db.sql, asker, {
      category: category.slug,
      kind: 'question',
      title: 'Webhooks arrive twice',
      body: 'Each webhook arrives twice.',
    })
    await replyToThread(db.sql, helper, question.threadId, 'Check the retry setting.')
    const { response, html } = await page(`/t/${question.threadId}/${question.slug}`)
    const data = jsonLd(html, response.headers.get('content-security-policy')!)!
    expect(data['@type']).toBe('QAPage')
    expect(data.mainEntity.acceptedAnswer).toBeUndefined()
    expect(data.mainEntity.suggestedAnswer).toHaveLength(1)
    expect(data.mainEntity.suggestedAnswer[0]).toMatchObject({ '@type': 'Answer', text: 'Check the retry setting.', upvoteCount: 0 })
  })

  it('describes a discussion as a DiscussionForumPosting with its replies as comments', async () => {
    const { asker, helper, category } = await scene()
    const discussion = await startThread(db.sql, asker, {
      category: category.slug,
      kind: 'discussion',
      title: 'How do you name your dashboards?',
      body: 'Share your naming schemes.',
    })
    await replyToThread(db.sql, helper, discussion.threadId, 'Team first, then the metric.')
    const { response, html } = await page(`/t/${discussion.threadId}/${discussion.slug}`)
    const data = jsonLd(html, response.headers.get('content-security-policy')!)!
    expect(data['@type']).toBe('DiscussionForumPosting')
    expect(data).toMatchObject({
      headline: 'How do you name your dashboards?',
      text: 'Share your naming schemes.',
      author: { name: asker.username },
    })
    expect(data.url).toBe(`${forum.url}/t/${discussion.threadId}/${discussion.slug}`)
    expect(new Date(data.datePublished).getTime()).not.toBeNaN()
    expect(data.comment).toEqual([expect.objectContaining({ '@type': 'Comment', text: 'Team first, then the metric.' })])
    expect(data.creativeWorkStatus).toBeUndefined()
  })

  it('gives an idea its status and its votes', async () => {
    const { staff, asker, category } = await scene()
    const idea = await startThread(db.sql, asker, {
      category: category.slug,
      kind: 'idea',
      title: 'Dark mode for reports',
      body: 'Reports are too bright at night.',
    })
    await changeIdeaStatus(db.sql, staff, idea.threadId, { status: 'planned' })
    const { response, html } = await page(`/t/${idea.threadId}/${idea.slug}`)
    const data = jsonLd(html, response.headers.get('content-security-policy')!)!
    expect(data['@type']).toBe('DiscussionForumPosting')
    expect(data.creativeWorkStatus).toBe('Planned')
    expect(data.interactionStatistic).toContainEqual(expect.objectContaining({ interactionType: 'https://schema.org/LikeAction' }))
  })

  it('keeps a title that tries to close the script element inside the data', async () => {
    const { asker, category } = await scene()
    const thread = await startThread(db.sql, asker, {
      category: category.slug,
      kind: 'question',
      title: 'Why does </script><b>x</b> break?',
      body: 'It does.',
    })
    const { response, html } = await page(`/t/${thread.threadId}/${thread.slug}`)
    expect(jsonLd(html, response.headers.get('content-security-policy')!)!.mainEntity.name).toBe('Why does </script><b>x</b> break?')
  })
})

describe('addresses and link previews', () => {
  it('redirects a thread without its slug, with a stale slug, and with ?page=1 to its one address', async () => {
    const { asker, category } = await scene()
    const thread = await startThread(db.sql, asker, { category: category.slug, title: 'One address per page', body: 'Hello.' })
    const address = `/t/${thread.threadId}/${thread.slug}`
    for (const path of [`/t/${thread.threadId}`, `/t/${thread.threadId}/old-title`, `${address}?page=1`, `${address}/`]) {
      const response = await get(path)
      expect(response.status, path).toBe(301)
      expect(response.headers.get('location'), path).toBe(address)
    }
  })

  it('redirects a profile spelled in another case and a path with a trailing slash', async () => {
    const member = await makeUser(db.sql, { username: `Casey_${Date.now() % 100000}` })
    const profile = await get(`/u/${member.username.toLowerCase()}`)
    expect(profile.status).toBe(301)
    expect(profile.headers.get('location')).toBe(`/u/${member.username}`)
    const category = await makeCategory(db.sql)
    const slashed = await get(`/c/${category.slug}/?filter=solved`)
    expect(slashed.status).toBe(301)
    expect(slashed.headers.get('location')).toBe(`/c/${category.slug}?filter=solved`)
    // Never to another site.
    expect((await get('/\\evil.example/')).headers.get('location') ?? '').not.toMatch(/^\/[\\/]/)
  })

  it('gives every public page one canonical address, dropping default and unknown parameters', async () => {
    const { asker, category } = await scene()
    const thread = await startThread(db.sql, asker, { category: category.slug, title: 'Canonical pages', body: 'Body.' })
    const cases: [string, string][] = [
      ['/', '/'],
      [`/c/${category.slug}?sort=latest&filter=all&utm_source=x`, `/c/${category.slug}`],
      [`/c/${category.slug}?filter=solved`, `/c/${category.slug}?filter=solved`],
      ['/ideas?sort=top&page=1', '/ideas'],
      ['/ideas?status=planned', '/ideas?status=planned'],
      ['/ideas/roadmap', '/ideas/roadmap'],
      [`/u/${asker.username}`, `/u/${asker.username}`],
      [`/t/${thread.threadId}/${thread.slug}?order=helpful`, `/t/${thread.threadId}/${thread.slug}`],
    ]
    for (const [path, expected] of cases) {
      const { html } = await page(path)
      expect(canonical(html), path).toBe(forum.url + expected)
    }
  })

  it('previews a solved question with its accepted answer in Open Graph and Twitter tags', async () => {
    const { asker, helper, category } = await scene()
    const question = await startThread(db.sql, asker, {
      category: category.slug,
      kind: 'question',
      title: 'SSO keeps logging me out',
      body: 'After an hour I am signed out.',
    })
    const answer = await replyToThread(db.sql, helper, question.threadId, 'Raise the session length under Security.')
    await acceptAnswer(db.sql, asker, question.threadId, answer.postId)
    const { html } = await page(`/t/${question.threadId}/${question.slug}`)
    expect(meta(html, 'og:title')).toContain('SSO keeps logging me out')
    expect(meta(html, 'og:description')).toContain('Raise the session length under Security.')
    expect(meta(html, 'og:site_name')).toBe('Community')
    expect(meta(html, 'og:type')).toBe('article')
    expect(meta(html, 'og:url')).toBe(`${forum.url}/t/${question.threadId}/${question.slug}`)
    expect(meta(html, 'twitter:card')).toBe('summary')
    expect(meta(html, 'twitter:description')).toContain('Raise the session length')
    expect(meta(html, 'description')).toBe('After an hour I am signed out.')
  })

  it('marks thin pages noindex: a profile with no posts; search results', async () => {
    const { asker, category } = await scene()
    const quiet = await makeUser(db.sql)
    expect((await page(`/u/${quiet.username}`)).html).toContain('<meta name="robots" content="noindex"')
    await startThread(db.sql, asker, { category: category.slug, title: 'A post makes a profile worth listing', body: 'Body.' })
    expect((await page(`/u/${asker.username}`)).html).not.toContain('noindex')
    expect((await page('/search?q=nothing-matches-this')).html).toContain('<meta name="robots" content="noindex"')
  })

  it('links the pages of a long thread with plain links a crawler follows', async () => {
    const { asker, helper, category } = await scene()
    const thread = await startThread(db.sql, asker, { category: category.slug, title: 'A long thread', body: 'Body.' })
    for (let i = 0; i < 21; i++) await replyToThread(db.sql, helper, thread.threadId, `Reply ${i}`)
    const { html } = await page(`/t/${thread.threadId}/${thread.slug}`)
    expect(html).toContain(`href="/t/${thread.threadId}/${thread.slug}?page=2"`)
    const second = await page(`/t/${thread.threadId}/${thread.slug}?page=2`)
    expect(canonical(second.html)).toBe(`${forum.url}/t/${thread.threadId}/${thread.slug}?page=2`)
  })
})

describe('sitemaps, robots.txt and feeds', () => {
  it('keeps crawlers out of staff pages and search, and points them at the sitemap', async () => {
    const response = await get('/robots.txt')
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await response.text()
    for (const path of ['/mod', '/admin', '/search']) expect(text).toContain(`Disallow: ${path}\n`)
    expect(text).toContain(`Sitemap: ${forum.url}/sitemap.xml`)
  })

  it('lists public threads in paged sitemaps, and nothing members-only, hidden or held', async () => {
    const { asker, category, members } = await scene()
    const open = await startThread(db.sql, asker, { category: category.slug, title: 'In the sitemap', body: 'Body.' })
    const inner = await startThread(db.sql, asker, { category: members.slug, title: 'Members only', body: 'Body.' })
    const newcomer = await makeUser(db.sql, { trusted: false })
    const held = await startThread(db.sql, newcomer, { category: category.slug, title: 'Held for a moderator', body: 'Body.' })

    const index = await get('/sitemap.xml')
    expect(index.headers.get('content-type')).toMatch(/^application\/xml/)
    const files = parseXml(await index.text()).sitemapindex.sitemap.map((s: { loc: string }) => s.loc)
    expect(files[0]).toBe(`${forum.url}/sitemap/pages.xml`)
    expect(files[1]).toBe(`${forum.url}/sitemap/threads-1.xml`)

    const urls = parseXml(await (await get('/sitemap/threads-1.xml')).text()).urlset.url
    const locs = urls.map((u: { loc: string }) => u.loc)
    expect(locs).toContain(`${forum.url}/t/${open.threadId}/${open.slug}`)
    expect(locs).not.toContain(`${forum.url}/t/${inner.threadId}/${inner.slug}`)
    expect(locs).not.toContain(`${forum.url}/t/${held.threadId}/${held.slug}`)
    expect(urls.every((u: { lastmod: string }) => !Number.isNaN(Date.parse(u.lastmod)))).toBe(true)

    const pages = parseXml(await (await get('/sitemap/pages.xml')).text()).urlset.url.map((u: { loc: string }) => u.loc)
    expect(pages).toContain(`${forum.url}/c/${category.slug}`)
    expect(pages).not.toContain(`${forum.url}/c/${members.slug}`)

    expect((await get('/sitemap/threads-999.xml')).status).toBe(404)
    expect((await get('/sitemap/threads-x.xml')).status).toBe(404)
  })

  it('serves Atom feeds of the latest threads, a category, a thread and shipped ideas, visitors only', async () => {
    const { staff, asker, helper, category, members } = await scene()
    const thread = await startThread(db.sql, asker, {
      category: category.slug,
      title: 'Feeds & readers',
      body: 'See [the docs](/t/1/docs) & ![shot](/uploads/x.png).',
    })
    await replyToThread(db.sql, helper, thread.threadId, 'A reply for the feed.')
    const secret = await startThread(db.sql, asker, { category: members.slug, title: 'Members-only plans', body: 'Body.' })
    const idea = await startThread(db.sql, asker, {
      category: category.slug,
      kind: 'idea',
      title: 'Shipped: bulk edit',
      body: 'Edit many at once.',
    })
    await changeIdeaStatus(db.sql, staff, idea.threadId, { status: 'shipped', note: 'Available in version 4.2.' })

    const atom = async (path: string) => {
      const response = await get(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toMatch(/^application\/atom\+xml/)
      return parseXml(await response.text()).feed
    }
    const titles = (feed: { entry?: { title: unknown }[] }) =>
      (feed.entry ?? []).map((e) => String(typeof e.title === 'object' ? (e.title as { '#text': string })['#text'] : e.title))

    const latest = await atom('/feeds/latest')
    expect(titles(latest)).toContain('Feeds & readers')
    expect(titles(latest)).not.toContain('Members-only plans')
    const entry = latest.entry.find((e: { title: unknown }) => JSON.stringify(e.title).includes('Feeds & readers'))
    // Links in posts are made whole for readers elsewhere.
    expect(JSON.stringify(entry.content)).toContain(`${forum.url}/t/1/docs`)

    expect(titles(await atom(`/feeds/c/${category.slug}`))).toContain('Feeds & readers')
    expect(JSON.stringify(await atom(`/feeds/t/${thread.threadId}`))).toContain('A reply for the feed.')
    expect(titles(await atom('/feeds/ideas/shipped'))).toEqual(['Shipped: bulk edit'])

    expect((await get(`/feeds/c/${members.slug}`)).status).toBe(404)
    expect((await get(`/feeds/t/${secret.threadId}`)).status).toBe(404)
    // Pages name their feeds for readers to find.
    expect((await page('/')).html).toContain(
      `<link rel="alternate" type="application/atom+xml" title="Latest threads" href="${forum.url}/feeds/latest"`,
    )
  })
})
