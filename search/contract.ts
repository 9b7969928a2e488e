import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { setCategoryReadability } from '../app/domain/categories/readability.server'
import type { ForumEvent } from '../app/domain/events'
import { addInternalNote, changeIdeaStatus, mergeIdeas } from '../app/domain/ideas/ideas.server'
import { acceptAnswer } from '../app/domain/questions/questions.server'
import { moveThread } from '../app/domain/threads/tools.server'
import { deletePost, editPost, replyToThread, startThread } from '../app/domain/threads/write.server'
import type { Readability } from '../db/types'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeUser } from '../tests/factories'
import { changeFor } from './indexer'
import type { SearchEngine, SearchFilters, SearchResult } from './port'

/*
 * What every search engine must do, run against each one with the same
 * cases (search/postgres.test.ts, search/meilisearch.test.ts). Writes go
 * through the forum's domain functions and reach the engine the way they
 * do in production: as outbox events, through the indexer's changeFor.
 * Each case searches words of its own, so cases do not see each other.
 */

let counter = 0
/** A made-up word no other case uses, long enough for typo tolerance. */
function uniqueWord(stem: string) {
  counter++
  const letters = [...`${counter}`].map((d) => 'abcdefghij'[Number(d)]).join('')
  return `${stem}${letters}ium`
}

export function searchContract(label: string, makeEngine: () => SearchEngine) {
  describe(`search contract: ${label}`, () => {
    const db = setupTestDatabase()
    let engine: SearchEngine
    let position = 0

    beforeAll(async () => {
      engine = makeEngine()
      await engine.setup()
    })
    afterAll(async () => {
      await engine?.close()
    })

    /** Delivers every event written since the last call to the engine, as the search consumer does. */
    async function indexed() {
      const rows = await db.sql<Array<{ id: number; type: string; payload: object }>>`
        select id, type, payload from outbox where id > ${position} order by id`
      if (!rows.length) return
      position = Number(rows[rows.length - 1].id)
      const events = rows.map((r) => ({ ...r.payload, type: r.type }) as ForumEvent)
      await engine.update(db.sql, changeFor(events))
    }

    async function find(text: string, filters: SearchFilters = {}, sort: 'relevance' | 'newest' = 'relevance'): Promise<SearchResult> {
      return engine.search(db.sql, { text, filters, sort, page: 1, perPage: 20 })
    }
    const titles = (result: SearchResult) => result.hits.map((h) => h.title)

    async function people() {
      return {
        author: await makeUser(db.sql),
        helper: await makeUser(db.sql),
        staff: await makeUser(db.sql, { role: 'staff' }),
        product: await makeUser(db.sql, { role: 'product' }),
      }
    }
    let category: { id: number; slug: string }
    let other: { id: number; slug: string }
    beforeAll(async () => {
      category = await makeCategory(db.sql, { allowedKinds: ['question', 'discussion', 'idea'] })
      other = await makeCategory(db.sql, { allowedKinds: ['question', 'discussion', 'idea'] })
    })

    it('ranks a title match above a match in a reply, and links to the post that matched', async () => {
      const { author, helper } = await people()
      const word = uniqueWord('webhook')
      const inReply = await startThread(db.sql, author, {
        category: category.slug,
        title: 'Deliveries stop at night',
        body: 'Nothing arrives.',
      })
      const reply = await replyToThread(db.sql, helper, inReply.threadId, `Check the ${word} retry settings.`)
      await startThread(db.sql, author, { category: category.slug, title: `The ${word} page is blank`, body: 'It shows nothing.' })
      await indexed()
      const result = await find(word)
      expect(titles(result)).toEqual([`The ${word} page is blank`, 'Deliveries stop at night'])
      const second = result.hits[1]
      expect(second.postNumber).toBe(reply.postNumber)
      expect(second.snippet.filter((r) => r.mark).map((r) => r.text.toLowerCase())).toContain(word)
      expect(second.snippet.map((r) => r.text).join('')).toContain('retry settings')
      expect(result.hits[0].titleMarked.find((r) => r.mark)?.text.toLowerCase()).toBe(word)
    })

    it('puts a solved question above an unsolved one that matches as well', async () => {
      const { author, helper } = await people()
      const word = uniqueWord('invoice')
      const open = await startThread(db.sql, author, { category: category.slug, title: `Export ${word} as PDF`, body: 'How?' })
      const solved = await startThread(db.sql, author, { category: category.slug, title: `Export ${word} as CSV`, body: 'How?' })
      const answer = await replyToThread(db.sql, helper, solved.threadId, 'Use the export button.')
      await acceptAnswer(db.sql, author, solved.threadId, answer.postId)
      await replyToThread(db.sql, helper, open.threadId, 'Bump.')
      await indexed()
      const result = await find(word)
      expect(titles(result)).toEqual([`Export ${word} as CSV`, `Export ${word} as PDF`])
      expect(result.hits[0].solved).toBe(true)
    })

    it('filters by category, kind, solved, idea status, author and date', async () => {
      const { author, helper, product } = await people()
      const word = uniqueWord('sandbox')
      const question = await startThread(db.sql, author, {
        category: category.slug,
        title: `${word} question`,
        body: 'Q',
        kind: 'question',
      })
      await startThread(db.sql, helper, { category: other.slug, title: `${word} discussion`, body: 'D', kind: 'discussion' })
      const idea = await startThread(db.sql, helper, { category: category.slug, title: `${word} idea`, body: 'I', kind: 'idea' })
      await changeIdeaStatus(db.sql, product, idea.threadId, { status: 'planned' })
      const answer = await replyToThread(db.sql, helper, question.threadId, 'An answer')
      await acceptAnswer(db.sql, author, question.threadId, answer.postId)
      await indexed()
      expect(titles(await find(word, { categoryId: other.id }))).toEqual([`${word} discussion`])
      expect(titles(await find(word, { kind: 'idea' }))).toEqual([`${word} idea`])
      expect(titles(await find(word, { solved: true }))).toEqual([`${word} question`])
      expect(titles(await find(word, { solved: false }))).toEqual([])
      expect(titles(await find(word, { ideaStatus: 'planned' }))).toEqual([`${word} idea`])
      expect(titles(await find(word, { authorId: author.id }))).toEqual([`${word} question`])
      const today = new Date()
      expect((await find(word, { from: today, to: today })).hits).toHaveLength(3)
      expect((await find(word, { to: new Date(today.getTime() - 2 * 86_400_000) })).hits).toHaveLength(0)
      expect(titles(await find(word, {}, 'newest'))[0]).toBe(`${word} question`)
    })

    it('finds words despite a typo, also when they appear only in a reply', async () => {
      const { author, helper } = await people()
      const locked = await startThread(db.sql, author, { category: category.slug, title: 'Locked out of my account', body: 'Help please.' })
      await replyToThread(db.sql, helper, locked.threadId, 'Use the password reset link on the sign-in page.')
      await indexed()
      const result = await find('pasword reset')
      expect(titles(result)).toContain('Locked out of my account')
      const word = uniqueWord('throttling')
      await startThread(db.sql, author, { category: category.slug, title: 'Slow responses', body: `We see ${word} on every call.` })
      await indexed()
      const typo = word.slice(0, 3) + word.slice(4)
      expect(titles(await find(typo))).toEqual(['Slow responses'])
    })

    it('matches a quoted phrase exactly and leaves out -excluded words', async () => {
      const { author } = await people()
      const word = uniqueWord('gateway')
      await startThread(db.sql, author, { category: category.slug, title: `${word} timeout error`, body: 'It times out.' })
      await startThread(db.sql, author, { category: category.slug, title: `${word} error, retry timeout`, body: 'It fails twice.' })
      await indexed()
      expect(titles(await find(`"${word} timeout error"`))).toEqual([`${word} timeout error`])
      expect(titles(await find(`${word} -retry`))).toEqual([`${word} timeout error`])
    })

    it('never finds deleted posts or internal notes', async () => {
      const { author, helper, staff, product } = await people()
      const secret = uniqueWord('falcon')
      const gone = uniqueWord('obsolete')
      const idea = await startThread(db.sql, author, {
        category: category.slug,
        title: 'Dark mode for reports',
        body: 'Please.',
        kind: 'idea',
      })
      await addInternalNote(db.sql, product, idea.threadId, `Codename ${secret} covers this.`)
      const reply = await replyToThread(db.sql, helper, idea.threadId, `An ${gone} workaround.`)
      await indexed()
      expect((await find(gone)).hits).toHaveLength(1)
      await deletePost(db.sql, staff, reply.postId)
      await indexed()
      expect((await find(gone)).hits).toEqual([])
      expect((await find(secret)).hits).toEqual([])
    })

    it('follows edits, acceptances, status changes and merges', async () => {
      const { author, helper, product } = await people()
      const before = uniqueWord('oldterm')
      const after = uniqueWord('newterm')
      const question = await startThread(db.sql, author, {
        category: category.slug,
        title: 'Renamed setting',
        body: `The ${before} option.`,
      })
      await indexed()
      expect((await find(before)).hits).toHaveLength(1)
      await editPost(db.sql, author, question.postId, `The ${after} option.`)
      await indexed()
      expect((await find(before)).hits).toEqual([])
      expect((await find(after)).hits.map((h) => h.postNumber)).toEqual([1])

      const answer = await replyToThread(db.sql, helper, question.threadId, 'It moved to the admin page.')
      await indexed()
      expect((await find(after, { solved: true })).hits).toEqual([])
      await acceptAnswer(db.sql, author, question.threadId, answer.postId)
      await indexed()
      expect(titles(await find(after, { solved: true }))).toEqual(['Renamed setting'])

      const word = uniqueWord('offline')
      const kept = await startThread(db.sql, author, { category: category.slug, title: `${word} mode`, body: 'Offline use.', kind: 'idea' })
      const duplicate = await startThread(db.sql, helper, { category: category.slug, title: `${word} sync`, body: 'Same.', kind: 'idea' })
      await changeIdeaStatus(db.sql, product, kept.threadId, { status: 'in_progress' })
      await indexed()
      expect(titles(await find(word, { ideaStatus: 'in_progress' }))).toEqual([`${word} mode`])
      await mergeIdeas(db.sql, product, kept.threadId, duplicate.threadId)
      await indexed()
      expect(titles(await find(word))).toEqual([`${word} mode`])
    })

    it('suggests threads like a title being typed, with the accepted answer of a solved one', async () => {
      const { author, helper } = await people()
      const word = uniqueWord('calendar')
      const solved = await startThread(db.sql, author, {
        category: category.slug,
        title: `How do I sync my ${word} with Outlook?`,
        body: 'Sync?',
      })
      const answer = await replyToThread(db.sql, helper, solved.threadId, 'Connect it under Settings → Integrations.\nThen wait.')
      await acceptAnswer(db.sql, author, solved.threadId, answer.postId)
      await startThread(db.sql, helper, { category: category.slug, title: `${word} export to Google`, body: 'Please.', kind: 'idea' })
      await startThread(db.sql, helper, { category: category.slug, title: 'Unrelated billing question', body: 'Invoices?' })
      await indexed()
      const suggestions = await engine.suggest(db.sql, `${word} sync outlook`, 5)
      expect(suggestions[0]).toMatchObject({ title: `How do I sync my ${word} with Outlook?`, solved: true })
      expect(suggestions[0].acceptedExcerpt).toBe('Connect it under Settings → Integrations.')
      expect(suggestions.map((s) => s.title)).toContain(`${word} export to Google`)
      expect(suggestions.map((s) => s.title)).not.toContain('Unrelated billing question')
    })

    it('keeps threads of private categories to their readers, through moves and changes of readability', async () => {
      const { author, staff } = await people()
      const admin = await makeUser(db.sql, { role: 'admin' })
      const word = uniqueWord('escalation')
      const membersOnly = await makeCategory(db.sql, { readableBy: 'members' })
      const staffOnly = await makeCategory(db.sql, { readableBy: 'staff' })
      await startThread(db.sql, author, { category: category.slug, title: `Public ${word} policy`, body: 'P' })
      await startThread(db.sql, author, { category: membersOnly.slug, title: `Members ${word} policy`, body: 'M' })
      const internal = await startThread(db.sql, staff, { category: staffOnly.slug, title: `Internal ${word} policy`, body: 'S' })
      await indexed()
      const sorted = async (filters: SearchFilters) => titles(await find(word, filters)).sort()
      expect(await sorted({})).toEqual([`Public ${word} policy`])
      expect(await sorted({ readableBy: ['everyone', 'members'] })).toEqual([`Members ${word} policy`, `Public ${word} policy`])
      expect(await sorted({ readableBy: ['everyone', 'members', 'staff'] })).toEqual([
        `Internal ${word} policy`,
        `Members ${word} policy`,
        `Public ${word} policy`,
      ])
      const suggested = async (readableBy?: Readability[]) =>
        (await engine.suggest(db.sql, `${word} policy`, 5, readableBy)).map((s) => s.title).sort()
      expect(await suggested()).toEqual([`Public ${word} policy`])
      expect(await suggested(['everyone', 'members'])).toEqual([`Members ${word} policy`, `Public ${word} policy`])

      // Staff move the internal thread out to the public; an admin opens the members' category to everyone.
      await moveThread(db.sql, staff, internal.threadId, { category: category.slug })
      await setCategoryReadability(db.sql, admin, membersOnly.id, 'everyone')
      await indexed()
      expect(await sorted({})).toEqual([`Internal ${word} policy`, `Members ${word} policy`, `Public ${word} policy`])
      // And back: a category closed to staff takes its threads out of a member's results.
      await setCategoryReadability(db.sql, admin, membersOnly.id, 'staff')
      await indexed()
      expect(await sorted({ readableBy: ['everyone', 'members'] })).toEqual([`Internal ${word} policy`, `Public ${word} policy`])
    })

    it('pages through many results', async () => {
      const { author } = await people()
      const word = uniqueWord('pagination')
      for (let i = 0; i < 23; i++) await startThread(db.sql, author, { category: category.slug, title: `${word} case ${i}`, body: 'x' })
      await indexed()
      const first = await engine.search(db.sql, { text: word, filters: {}, sort: 'newest', page: 1, perPage: 20 })
      const second = await engine.search(db.sql, { text: word, filters: {}, sort: 'newest', page: 2, perPage: 20 })
      expect([first.hits.length, first.more, second.hits.length, second.more]).toEqual([20, true, 3, false])
      expect(new Set([...titles(first), ...titles(second)]).size).toBe(23)
    })
  })
}
