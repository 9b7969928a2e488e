import { describe, expect, it } from 'vitest'

import { replyToThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { setupForumServer, signIn } from '../tests/forum-server'

/*
 * A thread page's weight: its posts' HTML is in its markup once, not again
 * in the data the browser hydrates from; a data request (a later navigation,
 * a live refresh) still carries it.
 */

const db = setupTestDatabase()
const forum = setupForumServer(db)

/** The loader data React's page streams to the browser, as the script text that carries it. */
function loaderScripts(html: string): string {
  return [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
    .map((match) => match[1])
    .filter((text) => text.includes('streamController.enqueue'))
    .join('')
}

describe('a thread page’s data', () => {
  it('leaves the twenty posts’ HTML to the markup, and stays small', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug, { title: 'Twenty posts of weight', body: 'Opening words, *emphasised*.' })
    const words = 'Each reply says a good deal about exports, schedules and the settings behind them. '.repeat(4)
    for (let n = 1; n <= 19; n++) await replyToThread(db.sql, author, ref.threadId, `Reply marker-${n}. ${words}`)
    const member = await makeUser(db.sql)
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    const path = `/t/${ref.threadId}/${ref.slug}`

    const page = await (await fetch(forum.url + path, { headers: { cookie } })).text()
    const data = loaderScripts(page)
    expect(page).toContain('<em>emphasised</em>')
    expect(page).toContain('marker-19')
    expect(data).not.toBe('')
    expect(data).not.toContain('marker-19')
    expect(data.length).toBeLessThanOrEqual(8 * 1024)
    // No search engine reads a member's page: the schema.org block is for visitors'.
    expect(page).not.toContain('application/ld+json')
    expect(await (await fetch(forum.url + path)).text()).toContain('application/ld+json')

    const navigation = await fetch(`${forum.url}${path}.data?_routes=${encodeURIComponent('routes/t.$id.($slug)')}`, {
      headers: { cookie },
    })
    expect(navigation.status).toBe(200)
    const carried = await navigation.text()
    expect(carried).toContain('<em>emphasised</em>')
    expect(carried).toContain('marker-19')
  })
})
