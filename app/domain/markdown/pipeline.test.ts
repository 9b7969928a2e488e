import { describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../../../tests/database'
import { makeCategory, makeThread, makeUser } from '../../../tests/factories'
import { renderingIsStale, rerenderAll } from './pipeline.server'

const db = setupTestDatabase()

describe('rendering stored posts again', () => {
  it('brings every stored post up to date once the pipeline changed, and says so to every process', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const refs = []
    for (let i = 0; i < 3; i++) refs.push(await makeThread(db.sql, author, category.slug, { body: `Use List<String> number ${i}` }))
    // As an older pipeline stored them: the angle-bracket prose deleted.
    await db.sql`update posts set html = '<p>Use List number</p>'`
    await db.sql`delete from settings where key = 'markdownRenderedWith'`
    expect(await renderingIsStale(db.sql)).toBe(true)
    const seen: number[] = []
    const result = await rerenderAll(db.sql, (p) => seen.push(p.done))
    expect(result).toMatchObject({ total: 3, done: 3, changed: 3 })
    expect(seen.at(-1)).toBe(3)
    const rows = await db.sql<{ html: string }[]>`select html from posts order by id`
    expect(rows.map((r) => r.html)).toEqual([0, 1, 2].map((i) => `<p>Use List&lt;String&gt; number ${i}</p>`))
    expect(await renderingIsStale(db.sql)).toBe(false)
    const [event] = await db.sql`select payload from outbox where type = 'posts:rerendered'`
    expect(event.payload).toEqual({ changed: 3 })
    // Nothing to do the second time.
    expect(await rerenderAll(db.sql)).toMatchObject({ changed: 0 })
  })
})
