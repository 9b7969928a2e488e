import type { Db } from '../db/client'
import type { IdeaStatus, Readability, ThreadKind } from '../db/types'
import { inPublicView, onBoard } from '../db/visibility'

/*
 * What search may show, read from the forum's tables: threads neither
 * deleted nor merged into another idea, and their posts in public view,
 * each thread with who reads its category.
 * Both engines index from here and nothing else, so no engine can index
 * a deleted post or an internal note (notes are not posts).
 */

export interface SourceThread {
  id: number
  title: string
  slug: string
  kind: ThreadKind
  categoryId: number
  authorId: number
  solved: boolean
  acceptedPostId: number | null
  ideaStatus: IdeaStatus | null
  voteCount: number
  replyCount: number
  createdAt: Date
  lastPostedAt: Date
  /** Who reads its category; searches filter on it. */
  readableBy: Readability
}

export interface SourcePost {
  id: number
  threadId: number
  postNumber: number
  accepted: boolean
  /** What a reader sees, as plain text. */
  text: string
}

const threadColumns = (sql: Db) => sql`
  t.id, t.title, t.slug, t.kind, t.category_id, t.author_id,
  (t.accepted_post_id is not null) as solved, t.accepted_post_id, t.idea_status, t.vote_count,
  t.reply_count, t.created_at, t.last_posted_at, t.readable_by`

/** The searchable threads among these ids; a missing id is one search must forget. */
export async function readThreads(sql: Db, ids: number[]): Promise<SourceThread[]> {
  if (!ids.length) return []
  return sql<SourceThread[]>`
    select ${threadColumns(sql)} from threads t
    where t.id = any(${ids}::bigint[]) and ${onBoard(sql, 't')}`
}

async function postsWhere(sql: Db, where: ReturnType<Db>): Promise<SourcePost[]> {
  const rows = await sql<Array<Omit<SourcePost, 'text'> & { html: string }>>`
    select p.id, p.thread_id, p.post_number, (p.id = t.accepted_post_id) is true as accepted, p.html
    from posts p join threads t on t.id = p.thread_id
    where ${where} and ${inPublicView(sql, 'p')} and ${onBoard(sql, 't')}
    order by p.thread_id, p.post_number`
  return rows.map(({ html, ...post }) => ({ ...post, text: plainText(html) }))
}

/** The searchable posts among these ids; a missing id is one search must forget. */
export function readPosts(sql: Db, ids: number[]): Promise<SourcePost[]> {
  if (!ids.length) return Promise.resolve([])
  return postsWhere(sql, sql`p.id = any(${ids}::bigint[])`)
}

/** Every searchable post of these threads, in order. */
export function readThreadPosts(sql: Db, threadIds: number[]): Promise<SourcePost[]> {
  if (!threadIds.length) return Promise.resolve([])
  return postsWhere(sql, sql`p.thread_id = any(${threadIds}::bigint[])`)
}

/** The threads in these categories, by id: a change of a category's readability touches each. */
export async function threadIdsInCategories(sql: Db, categoryIds: number[] = []): Promise<number[]> {
  if (!categoryIds.length) return []
  const rows = await sql<Array<{ id: number }>>`select id from threads where category_id = any(${categoryIds}::bigint[])`
  return rows.map((r) => r.id)
}

/** Thread ids in pages of `size`, for rebuilding an index, with the number of posts to expect. */
export async function* allThreadIds(sql: Db, size: number): AsyncGenerator<{ ids: number[]; posts: number }> {
  let after = 0
  for (;;) {
    const rows = await sql<Array<{ id: number; posts: number }>>`
      select t.id, t.reply_count + 1 as posts from threads t
      where t.id > ${after} and ${onBoard(sql, 't')}
      order by t.id limit ${size}`
    if (!rows.length) return
    after = rows[rows.length - 1].id
    yield { ids: rows.map((r) => r.id), posts: rows.reduce((sum, r) => sum + r.posts, 0) }
  }
}

export async function countSearchablePosts(sql: Db): Promise<number> {
  const [row] = await sql<[{ n: number }]>`
    select count(*)::int as n from posts p join threads t on t.id = p.thread_id
    where ${inPublicView(sql, 'p')} and ${onBoard(sql, 't')}`
  return row.n
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' }

/** The text a reader sees in sanitized post HTML: tags gone, the few entities the sanitizer writes decoded, space collapsed. */
export function plainText(html: string): string {
  return (
    html
      .replace(/<(br|\/p|\/li|\/h\d|\/pre|\/blockquote|\/tr)\b[^>]*>/gi, '\n')
      // Inline markup sits inside words and sentences: it goes without leaving a space.
      .replace(/<\/?(a|b|strong|em|i|code|span|mark|s|del|ins|sub|sup|u|kbd|abbr)\b[^>]*>/gi, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (whole, name: string) => {
        if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16))
        if (name.startsWith('#') && name !== '#39') return String.fromCodePoint(Number(name.slice(1)))
        return entities[name.toLowerCase()] ?? whole
      })
      .replace(/[ \t\r\f\v]+/g, ' ')
      .replace(/\s*\n\s*/g, '\n')
      .trim()
  )
}
