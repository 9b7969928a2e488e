import { describe, expect, it } from 'vitest'

import { settingsMatch } from './meilisearch'
import {
  bestSnippet,
  buildThreadDocument,
  buildThreadDocuments,
  filterExpression,
  firstLine,
  fromUnixSeconds,
  quoteFilterValue,
  toSnippet,
  type SnippetSource,
} from './meilisearch-documents'
import type { SourcePost, SourceThread } from './source'

const m = (text: string) => `\u0001${text}\u0002`

function thread(overrides: Partial<SourceThread> = {}): SourceThread {
  return {
    id: 7,
    title: 'Export fails on large CSV',
    slug: 'export-fails-on-large-csv',
    kind: 'question',
    categoryId: 3,
    authorId: 11,
    solved: true,
    acceptedPostId: 103,
    ideaStatus: null,
    voteCount: 4,
    replyCount: 3,
    createdAt: new Date('2024-05-01T10:20:30.456Z'),
    lastPostedAt: new Date('2024-05-03T08:00:00.000Z'),
    readableBy: 'everyone',
    ...overrides,
  }
}

function post(postNumber: number, text: string, overrides: Partial<SourcePost> = {}): SourcePost {
  return { id: 100 + postNumber, threadId: 7, postNumber, accepted: false, text, ...overrides }
}

describe('buildThreadDocument', () => {
  const posts = [
    post(4, 'Same here on 2.3'),
    post(1, 'The export stops at 10 MB.'),
    post(3, 'Raise the limit in settings.', { accepted: true }),
    post(2, 'Which version?'),
    post(1, 'Another thread’s question', { threadId: 8, id: 900 }),
  ]

  it('puts the opening post, the accepted answer and the other replies in their fields, replies in post-number order', () => {
    const doc = buildThreadDocument(thread(), posts)
    expect(doc).toMatchObject({
      id: 7,
      title: 'Export fails on large CSV',
      slug: 'export-fails-on-large-csv',
      question: 'The export stops at 10 MB.',
      replies: ['Which version?', 'Same here on 2.3'],
      replyNumbers: [2, 4],
      accepted: 'Raise the limit in settings.',
      acceptedNumber: 3,
      categoryId: 3,
      readableBy: 'everyone',
      kind: 'question',
      solved: true,
      solvedRank: 1,
      ideaStatus: null,
      authorId: 11,
      voteCount: 4,
      replyCount: 3,
    })
  })

  it('stores times as unix seconds that give back the exact instant', () => {
    const doc = buildThreadDocument(thread(), posts)
    expect(doc.createdAt).toBeCloseTo(1714558830.456, 3)
    expect(fromUnixSeconds(doc.createdAt)).toEqual(new Date('2024-05-01T10:20:30.456Z'))
    expect(fromUnixSeconds(doc.lastPostedAt)).toEqual(new Date('2024-05-03T08:00:00.000Z'))
  })

  it('leaves the question empty when the opening post is not readable, and accepted empty when nothing is', () => {
    const doc = buildThreadDocument(thread({ solved: false, acceptedPostId: null }), [post(2, 'A reply')])
    expect(doc).toMatchObject({ question: '', replies: ['A reply'], replyNumbers: [2], accepted: '', acceptedNumber: null, solvedRank: 0 })
  })

  it('removes the characters used as highlight marks from the text it indexes', () => {
    const doc = buildThreadDocument(thread({ title: 'a\u0001b' }), [post(1, 'x\u0002y')])
    expect(doc.title).toBe('ab')
    expect(doc.question).toBe('xy')
  })

  it('builds one document per thread read, each from its own posts', () => {
    const docs = buildThreadDocuments([thread(), thread({ id: 8, solved: false, acceptedPostId: null })], posts)
    expect(docs.map((d) => [d.id, d.question])).toEqual([
      [7, 'The export stops at 10 MB.'],
      [8, 'Another thread’s question'],
    ])
  })
})

describe('filterExpression', () => {
  const everyone = 'readableBy IN ["everyone"]'

  it('keeps to public threads when it is not told who is searching', () => {
    expect(filterExpression({})).toBe(everyone)
    expect(filterExpression({ readableBy: ['everyone', 'members'] })).toBe('readableBy IN ["everyone", "members"]')
  })

  it('joins every filter with AND, quoting strings', () => {
    expect(filterExpression({ categoryId: 3, kind: 'idea', ideaStatus: 'under_review', authorId: 11 })).toBe(
      `${everyone} AND categoryId = 3 AND kind = "idea" AND ideaStatus = "under_review" AND authorId = 11`,
    )
  })

  it('keeps solved and unsolved to questions', () => {
    expect(filterExpression({ solved: false })).toBe(`${everyone} AND kind = "question" AND solved = false`)
    expect(filterExpression({ kind: 'question', solved: true })).toBe(`${everyone} AND kind = "question" AND solved = true`)
  })

  it('takes from and to as whole UTC days, both included', () => {
    const expression = filterExpression({ from: new Date('2024-05-01T15:00:00Z'), to: new Date('2024-05-03T00:00:00Z') })
    const from = Date.parse('2024-05-01T00:00:00Z') / 1000
    const afterTo = Date.parse('2024-05-04T00:00:00Z') / 1000
    expect(expression).toBe(`${everyone} AND createdAt >= ${from} AND createdAt < ${afterTo}`)
  })

  it('refuses a number that is not an id rather than writing it into the expression', () => {
    expect(() => filterExpression({ categoryId: Number.NaN })).toThrow(RangeError)
    expect(() => filterExpression({ authorId: 1.5 })).toThrow(RangeError)
  })
})

describe('quoteFilterValue', () => {
  it('escapes quotes and backslashes the way Meilisearch reads them back', () => {
    expect(quoteFilterValue('plain')).toBe('"plain"')
    expect(quoteFilterValue('say "hi"')).toBe('"say \\"hi\\""')
    expect(quoteFilterValue('back\\slash')).toBe('"back\\\\slash"')
    expect(quoteFilterValue('end\\"')).toBe('"end\\\\\\""')
    expect(quoteFilterValue("it's AND x = 1")).toBe('"it\'s AND x = 1"')
  })

  it('round-trips through Meilisearch’s unescaping (quotes first, then backslashes)', () => {
    const meiliRead = (quoted: string) => quoted.slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, '\\')
    for (const value of ['a"b', 'a\\b', 'a\\"b', '\\', '"', 'x\\\\"y']) expect(meiliRead(quoteFilterValue(value))).toBe(value)
  })
})

describe('toSnippet', () => {
  it('turns marks into marked runs', () => {
    expect(toSnippet(`…the ${m('export')} stops at ${m('10')} MB`)).toEqual([
      { text: '…the ', mark: false },
      { text: 'export', mark: true },
      { text: ' stops at ', mark: false },
      { text: '10', mark: true },
      { text: ' MB', mark: false },
    ])
  })

  it('joins neighbouring marks and drops empty runs', () => {
    expect(toSnippet(`${m('export')}${m('ing')} data`)).toEqual([
      { text: 'exporting', mark: true },
      { text: ' data', mark: false },
    ])
    expect(toSnippet('')).toEqual([])
  })

  it('keeps markup as text: a snippet is never HTML', () => {
    expect(toSnippet(`<b>${m('x')}</b>`)).toEqual([
      { text: '<b>', mark: false },
      { text: 'x', mark: true },
      { text: '</b>', mark: false },
    ])
  })
})

describe('bestSnippet', () => {
  const document = {
    question: 'How do I export data?',
    accepted: 'Use the export button.',
    acceptedNumber: 5,
    replies: ['Which plan are you on?', 'Export to CSV works, export to Excel fails', 'Same'],
    replyNumbers: [2, 3, 4],
  }

  function source(formatted: Record<string, unknown>, matches?: SnippetSource['matches']): SnippetSource {
    return {
      document,
      formatted: { question: document.question, accepted: document.accepted, replies: document.replies, ...formatted },
      matches,
    }
  }

  it('links to the reply with the most query words, found by match position', () => {
    const result = bestSnippet(
      source(
        {
          question: `How do I ${m('export')} data?`,
          replies: ['Which plan are you on?', `${m('Export')} to ${m('CSV')} works, ${m('export')} to Excel fails`, 'Same'],
        },
        {
          question: [{ start: 9, length: 6 }],
          replies: [
            { start: 0, length: 6, indices: [1] },
            { start: 10, length: 3, indices: [1] },
            { start: 20, length: 6, indices: [1] },
          ],
        },
      ),
    )
    expect(result.postNumber).toBe(3)
    expect(result.snippet[0]).toEqual({ text: 'Export', mark: true })
  })

  it('prefers the question, then the accepted answer, on a tie', () => {
    const matches = { question: [{ start: 9, length: 6 }], accepted: [{ start: 8, length: 6 }] }
    expect(bestSnippet(source({}, matches)).postNumber).toBe(1)
    expect(bestSnippet(source({}, { accepted: matches.accepted })).postNumber).toBe(5)
  })

  it('counts the marks when the server gives no array positions', () => {
    const result = bestSnippet(
      source({ replies: ['Which plan are you on?', 'Export to CSV', `${m('Same')}`] }, { replies: [{ start: 0, length: 4 }] }),
    )
    expect(result.postNumber).toBe(4)
    expect(result.snippet).toEqual([{ text: 'Same', mark: true }])
  })

  it('shows the question when only the title matched', () => {
    const result = bestSnippet(source({}, { title: [{ start: 0, length: 6 }] }))
    expect(result).toEqual({ postNumber: 1, snippet: [{ text: 'How do I export data?', mark: false }] })
  })

  it('reads match positions as UTF-8 bytes', () => {
    // é and è are two bytes each: "export" starts at bytes 13 and 20, so the question holds one word of the query
    // and the reply two. Read as character offsets, the question would seem to hold two and win the tie.
    const doc = { ...document, question: 'Café crème export export', replies: ['export data'], replyNumbers: [2] }
    const result = bestSnippet({
      document: doc,
      matches: {
        question: [
          { start: 13, length: 6 },
          { start: 20, length: 6 },
        ],
        replies: [
          { start: 0, length: 6, indices: [0] },
          { start: 7, length: 4, indices: [0] },
        ],
      },
    })
    expect(result.postNumber).toBe(2)
  })
})

describe('firstLine', () => {
  it('is the first non-empty line, trimmed', () => {
    expect(firstLine('\n  Raise the limit.  \nThen restart.')).toBe('Raise the limit.')
    expect(firstLine('')).toBeNull()
    expect(firstLine(' \n ')).toBeNull()
  })

  it('cuts a long line at a word and says so', () => {
    const line = 'word '.repeat(40).trim()
    const excerpt = firstLine(line, 140)!
    expect(excerpt.length).toBeLessThanOrEqual(141)
    expect(excerpt.endsWith('word…')).toBe(true)
  })
})

describe('settingsMatch', () => {
  const current = {
    searchableAttributes: ['title', 'question', 'accepted', 'replies'],
    filterableAttributes: ['authorId', 'categoryId', 'createdAt', 'ideaStatus', 'kind', 'readableBy', 'solved'],
    sortableAttributes: ['createdAt', 'lastPostedAt'],
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'solvedRank:desc', 'lastPostedAt:desc'],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  }

  it('accepts our settings however Meilisearch orders the sets', () => {
    expect(settingsMatch(current)).toBe(true)
  })

  it('notices a change in searchable order, ranking rules or typo tolerance', () => {
    expect(settingsMatch({ ...current, searchableAttributes: ['question', 'title', 'accepted', 'replies'] })).toBe(false)
    expect(settingsMatch({ ...current, rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'] })).toBe(false)
    expect(settingsMatch({ ...current, typoTolerance: { enabled: false } })).toBe(false)
    expect(settingsMatch({ ...current, searchableAttributes: ['*'] })).toBe(false)
  })
})
