import { beforeAll, describe, expect, it } from 'vitest'

import { POINTS } from '../app/domain/questions/recognition'
import { recomputeReputation } from '../db/queries/reputation'
import { setupTestDatabase } from '../tests/database'
import { seedLarge } from './large'

/*
 * A seeded community keeps every invariant the app keeps one action at a
 * time. Seeded twice, as the query-budget test does, so the second run must
 * leave the first run's rows consistent too.
 */

const db = setupTestDatabase()

/** The rows of a query that should find none, shown when it does. */
const offending = async (query: PromiseLike<readonly unknown[]>) => [...(await query)]

beforeAll(async () => {
  await seedLarge(db.sql, { threads: 300, replies: 3000, bigThreads: [200], seed: 7 })
  await seedLarge(db.sql, { threads: 120, replies: 900, bigThreads: [], seed: 8 })
}, 60_000)

describe('large seed: questions', () => {
  it('accepts one reply of its own thread on about 40% of the answered questions, solved after the reply', async () => {
    const [{ answered, solved }] = await db.sql<{ answered: number; solved: number }[]>`
      select count(*)::int as answered, count(accepted_post_id)::int as solved
      from threads where kind = 'question' and reply_count > 0`
    expect(solved / answered).toBeGreaterThanOrEqual(0.35)
    expect(solved / answered).toBeLessThanOrEqual(0.45)
    expect(
      await offending(db.sql`
        select t.id from threads t left join posts p on p.id = t.accepted_post_id
        where t.accepted_post_id is not null
          and (p.thread_id is distinct from t.id or p.post_number < 2 or t.kind <> 'question'
               or t.solved_at is null or t.solved_at <= p.created_at or t.solved_at > now())`),
    ).toEqual([])
    expect(await offending(db.sql`select id from threads where (accepted_post_id is null) <> (solved_at is null)`)).toEqual([])
  })

  it('keeps helpful counts equal to the votes, on replies only, never by the author, long-tailed', async () => {
    expect(
      await offending(db.sql`
        select p.id from posts p left join (select post_id, count(*)::int as n from helpful_votes group by post_id) v on v.post_id = p.id
        where p.helpful_count <> coalesce(v.n, 0)`),
    ).toEqual([])
    expect(
      await offending(db.sql`
        select 1 from helpful_votes v join posts p on p.id = v.post_id
        where p.post_number = 1 or v.user_id = p.author_id or v.created_at < p.created_at`),
    ).toEqual([])
    const [tail] = await db.sql<{ replies: number; none: number; some: number; many: number }[]>`
      select count(*)::int as replies, count(*) filter (where helpful_count = 0)::int as none,
             count(*) filter (where helpful_count between 2 and 9)::int as some, count(*) filter (where helpful_count >= 20)::int as many
      from posts where post_number > 1`
    expect(tail.none / tail.replies).toBeGreaterThan(0.6)
    expect(tail.some).toBeGreaterThan(0)
    expect(tail.many).toBeGreaterThan(0)
  })

  it('keeps "me too" counts equal to the rows, on questions only, never by the asker', async () => {
    expect(
      await offending(db.sql`
        select t.id from threads t left join (select thread_id, count(*)::int as n from me_toos group by thread_id) m on m.thread_id = t.id
        where t.me_too_count <> coalesce(m.n, 0)`),
    ).toEqual([])
    expect(
      await offending(
        db.sql`select 1 from me_toos m join threads t on t.id = m.thread_id where t.kind <> 'question' or m.user_id = t.author_id`,
      ),
    ).toEqual([])
    const [{ meToos }] = await db.sql<{ meToos: number }[]>`select count(*)::int as me_toos from me_toos`
    expect(meToos).toBeGreaterThan(0)
  })

  it('records the points of every vote, acceptance and "me too", and reputation is their sum', async () => {
    expect(
      await offending(db.sql`
        select u.id from users u left join (select user_id, sum(points)::int as points from reputation_events group by user_id) e on e.user_id = u.id
        where u.reputation <> coalesce(e.points, 0)`),
    ).toEqual([])
    const recomputed = await recomputeReputation(db.sql, POINTS)
    expect(recomputed.filter((r) => r.stored !== r.computed)).toEqual([])
    expect(recomputed.some((r) => r.computed > 0)).toBe(true)

    // Each event names exactly the source the app records for its reason.
    const [counts] = await db.sql<
      { votes: number; accepted: number; meToos: number; helpfulEvents: number; acceptedEvents: number; meTooEvents: number }[]
    >`
      select (select count(*)::int from helpful_votes) as votes,
             (select count(*)::int from threads t join posts p on p.id = t.accepted_post_id where p.author_id <> t.author_id) as accepted,
             (select count(*)::int from me_toos) as me_toos,
             (select count(*)::int from reputation_events e join helpful_votes v on v.post_id = e.post_id and v.user_id = e.giver_id
              join posts p on p.id = v.post_id
              where e.reason = 'helpful_vote' and e.user_id = p.author_id and e.thread_id is null and e.points = ${POINTS.helpful_vote}) as helpful_events,
             (select count(*)::int from reputation_events e join threads t on t.id = e.thread_id and t.accepted_post_id = e.post_id
              join posts p on p.id = e.post_id
              where e.reason = 'answer_accepted' and e.user_id = p.author_id and e.giver_id is null and e.points = ${POINTS.answer_accepted}) as accepted_events,
             (select count(*)::int from reputation_events e join me_toos m on m.thread_id = e.thread_id and m.user_id = e.giver_id
              join threads t on t.id = m.thread_id
              where e.reason = 'me_too' and e.user_id = t.author_id and e.post_id is null and e.points = ${POINTS.me_too}) as me_too_events`
    expect(counts.helpfulEvents).toBe(counts.votes)
    expect(counts.acceptedEvents).toBe(counts.accepted)
    expect(counts.meTooEvents).toBe(counts.meToos)
    const [{ events }] = await db.sql<{ events: number }[]>`select count(*)::int as events from reputation_events`
    expect(events).toBe(counts.votes + counts.accepted + counts.meToos)
  })

  it('awards the badges their thresholds call for', async () => {
    const missing = await db.sql`
      select p.author_id, 'helpful_10' as badge from posts p where p.helpful_count >= 10
      union select p.author_id, 'first_accepted' from threads t join posts p on p.id = t.accepted_post_id
      union select author_id, 'first_reply' from posts where post_number > 1
      union select author_id, 'me_too_10' from threads where me_too_count >= 10
      except select user_id, badge from user_badges`
    expect(missing).toEqual([])
  })
})

describe('large seed: ideas', () => {
  it('spreads ideas over the statuses, with a timeline that ends at the status', async () => {
    const statuses = await db.sql<{ ideaStatus: string }[]>`select distinct idea_status from threads where kind = 'idea'`
    expect(statuses.length).toBeGreaterThanOrEqual(4)
    // The last status event is the status, stamped status_changed_at; new ideas were never moved.
    expect(
      await offending(db.sql`
        select t.id from threads t
        left join lateral (select to_status, created_at from idea_events e
                           where e.idea_id = t.id and e.type = 'status' order by created_at desc, id desc limit 1) e on true
        where t.kind = 'idea'
          and (coalesce(e.to_status, 'new') <> t.idea_status or e.created_at is distinct from t.status_changed_at)`),
    ).toEqual([])
    // Steps follow each other, and closing an idea tells customers why.
    expect(
      await offending(db.sql`
        select e.id from idea_events e join users u on u.id = e.actor_id
        where e.type = 'status'
          and (u.role = 'member' or e.from_status = e.to_status
               or (e.to_status in ('shipped', 'declined') and length(coalesce(e.note, '')) < 5)
               or e.from_status is distinct from coalesce((select p.to_status from idea_events p where p.idea_id = e.idea_id and p.type = 'status'
                                                           and p.created_at < e.created_at order by p.created_at desc limit 1), 'new'))`),
    ).toEqual([])
  })

  it('keeps vote counts equal to the votes, each vote holding a slot that closing the idea released', async () => {
    expect(
      await offending(db.sql`
        select t.id from threads t left join (select idea_id, count(*)::int as n from idea_votes group by idea_id) v on v.idea_id = t.id
        where t.vote_count <> coalesce(v.n, 0)`),
    ).toEqual([])
    expect(
      await offending(db.sql`
        select 1 from idea_votes v join threads t on t.id = v.idea_id
        where t.kind <> 'idea' or v.user_id = t.author_id or v.created_at < t.created_at
           or (t.idea_status in ('shipped', 'declined') and v.created_at >= t.status_changed_at)`),
    ).toEqual([])
    // One slot per vote, taken when voting; held while the idea is open, released when it closed.
    expect(
      await offending(db.sql`
        select 1 from idea_votes v full join vote_slots s on s.idea_id = v.idea_id and s.user_id = v.user_id
        left join threads t on t.id = coalesce(v.idea_id, s.idea_id)
        where v.idea_id is null or s.id is null or s.taken_at <> v.created_at
           or s.released_at is distinct from (case when t.idea_status in ('shipped', 'declined') then t.status_changed_at end)`),
    ).toEqual([])
    const [{ votes }] = await db.sql<{ votes: number }[]>`select count(*)::int as votes from idea_votes`
    expect(votes).toBeGreaterThan(0)
  })

  it('links some ideas to questions and discussions, each link on the timeline', async () => {
    const [{ links, ideas }] = await db.sql<{ links: number; ideas: number }[]>`
      select count(*)::int as links, count(distinct idea_id)::int as ideas from idea_links`
    expect(links).toBeGreaterThan(0)
    expect(ideas).toBeGreaterThan(1)
    expect(
      await offending(db.sql`
        select 1 from idea_links l join threads i on i.id = l.idea_id join threads s on s.id = l.thread_id join users u on u.id = l.linked_by
        where i.kind <> 'idea' or s.kind = 'idea' or u.role = 'member' or l.created_at < greatest(i.created_at, s.created_at)
           or not exists (select 1 from idea_events e where e.idea_id = l.idea_id and e.type = 'linked'
                          and e.other_thread_id = l.thread_id and e.actor_id = l.linked_by and e.created_at = l.created_at)`),
    ).toEqual([])
    const [{ events }] = await db.sql<{ events: number }[]>`select count(*)::int as events from idea_events where type = 'linked'`
    expect(events).toBe(links)
  })
})
