import type { Db } from '../client'

export type ForumEvent =
  | { type: 'thread:created'; threadId: number; postId: number; categoryId: number }
  | { type: 'post:created'; threadId: number; postId: number; postNumber: number }
  | { type: 'post:edited'; threadId: number; postId: number; postNumber: number; revision: number }
  | { type: 'thread:locked'; threadId: number; locked: boolean }
  | { type: 'post:deleted'; threadId: number; postId: number; postNumber: number }
  | { type: 'post:voted'; threadId: number; postId: number; postNumber: number; helpfulCount: number }
  | { type: 'thread:meToo'; threadId: number; meTooCount: number }
  | { type: 'thread:solved'; threadId: number; postId: number | null }
  | { type: 'thread:promoted'; threadId: number; ideaId: number }
  | { type: 'idea:voted'; threadId: number; voteCount: number }
  | { type: 'idea:statusChanged'; threadId: number; status: string }
  | { type: 'idea:linked'; threadId: number; linkedThreadId: number }
  | { type: 'idea:unlinked'; threadId: number; linkedThreadId: number }
  | { type: 'idea:merged'; threadId: number; intoId: number }
  | { type: 'idea:noteAdded'; threadId: number; staffOnly: true }
  | { type: 'settings:changed'; keys: string[] }
  | { type: 'posts:rerendered'; changed: number }

/**
 * Appends what happened to the outbox in the caller's transaction; a trigger
 * notifies listening processes, which PostgreSQL delivers only after commit.
 */
export async function insertEvent(sql: Db, event: ForumEvent): Promise<void> {
  const { type, ...payload } = event
  await sql`insert into outbox (type, payload) values (${type}, ${sql.json(payload)})`
}
