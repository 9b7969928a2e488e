import type { Db } from '../client'
import type { IdeaStatus, Role } from '../types'
import { inPublicView, notDeleted, notHeld, notMergedAway, onBoard } from '../visibility'

/*
 * What the insights page counts, one statement each. Every statement reads a
 * time range on an indexed column (threads by kind and creation, posts, "me
 * too", votes, links, the search log and points by time) and touches other
 * rows only through their primary keys or per-thread indexes.
 *
 * `previousFrom` ≤ `from` < `to`: the period is [from, to) and the one
 * before it [previousFrom, from).
 */
export interface Span {
  previousFrom: Date
  from: Date
  to: Date
}

/** A question as the forum counts it: public, not merged into another thread. */
function countedQuestion(sql: Db, alias: string) {
  return sql`${sql(alias)}.kind = 'question' and ${notDeleted(sql, alias)} and ${notHeld(sql, alias)} and ${notMergedAway(sql, alias)}`
}

/**
 * A question's first answer: its earliest public reply by someone other
 * than the asker. "Answered" means there is one; both the figures and the
 * unanswered list read it from here.
 */
function firstAnswer(sql: Db, alias: string) {
  return sql`
    select p.created_at, u.role from posts p join users u on u.id = p.author_id
    where p.thread_id = ${sql(alias)}.id and p.post_number > 1 and p.author_id <> ${sql(alias)}.author_id and ${inPublicView(sql, 'p')}
    order by p.post_number limit 1`
}

export interface QuestionOutcome {
  id: number
  categoryId: number
  createdAt: Date
  firstAnswerAt: Date | null
  firstAnswerRole: Role | null
  acceptedAt: Date | null
  acceptedRole: Role | null
}

/** Every question asked in either period, with when and by whom it was first answered and its answer accepted. */
export async function listQuestionOutcomes(sql: Db, span: Span): Promise<QuestionOutcome[]> {
  return sql<QuestionOutcome[]>`
    select t.id, t.category_id, t.created_at,
           fa.created_at as first_answer_at, fa.role as first_answer_role,
           case when ap.id is not null then t.solved_at end as accepted_at, au.role as accepted_role
    from threads t
    left join lateral (${firstAnswer(sql, 't')}) fa on true
    left join posts ap on ap.id = t.accepted_post_id
    left join users au on au.id = ap.author_id
    where t.created_at >= ${span.previousFrom} and t.created_at < ${span.to} and ${countedQuestion(sql, 't')}
    order by t.created_at, t.id`
}

export interface UnansweredQuestion {
  id: number
  title: string
  slug: string
  createdAt: Date
  categoryName: string
  meTooCount: number
}

/** Questions asked in the period that nobody but the asker has answered yet, oldest first. */
export async function listUnanswered(sql: Db, range: { from: Date; to: Date; limit: number }): Promise<UnansweredQuestion[]> {
  return sql<UnansweredQuestion[]>`
    select t.id, t.title, t.slug, t.created_at, c.name as category_name, t.me_too_count
    from threads t join categories c on c.id = t.category_id
    where t.created_at >= ${range.from} and t.created_at < ${range.to} and ${countedQuestion(sql, 't')}
      and not exists (${firstAnswer(sql, 't')})
    order by t.created_at, t.id
    limit ${range.limit}`
}

export interface MeTooLeader {
  id: number
  title: string
  slug: string
  meToos: number
  previousMeToos: number
}

/** Questions by the "me too" said in the period, with those said in the period before. */
export async function listMeTooLeaders(sql: Db, span: Span, limit: number): Promise<MeTooLeader[]> {
  return sql<MeTooLeader[]>`
    select t.id, t.title, t.slug,
           count(*) filter (where m.created_at >= ${span.from})::int as me_toos,
           count(*) filter (where m.created_at < ${span.from})::int as previous_me_toos
    from me_toos m join threads t on t.id = m.thread_id
    where m.created_at >= ${span.previousFrom} and m.created_at < ${span.to} and ${notDeleted(sql, 't')} and ${notHeld(sql, 't')}
    group by t.id
    having count(*) filter (where m.created_at >= ${span.from}) > 0
    order by me_toos desc, t.id desc
    limit ${limit}`
}

export interface GrowingIdea {
  id: number
  title: string
  slug: string
  ideaStatus: IdeaStatus
  votes: number
  links: number
  previousVotes: number
  previousLinks: number
}

/** Ideas by votes and linked threads gained in the period (and in the one before). */
export async function listGrowingIdeas(sql: Db, span: Span, limit: number): Promise<GrowingIdea[]> {
  return sql<GrowingIdea[]>`
    with gains as (
      select v.idea_id, v.created_at, 1 as vote, 0 as link from idea_votes v
        where v.created_at >= ${span.previousFrom} and v.created_at < ${span.to}
      union all
      select l.idea_id, l.created_at, 0, 1 from idea_links l
        where l.created_at >= ${span.previousFrom} and l.created_at < ${span.to}
    )
    select t.id, t.title, t.slug, t.idea_status,
           coalesce(sum(g.vote) filter (where g.created_at >= ${span.from}), 0)::int as votes,
           coalesce(sum(g.link) filter (where g.created_at >= ${span.from}), 0)::int as links,
           coalesce(sum(g.vote) filter (where g.created_at < ${span.from}), 0)::int as previous_votes,
           coalesce(sum(g.link) filter (where g.created_at < ${span.from}), 0)::int as previous_links
    from gains g join threads t on t.id = g.idea_id
    where ${onBoard(sql, 't')}
    group by t.id
    having count(*) filter (where g.created_at >= ${span.from}) > 0
    order by count(*) filter (where g.created_at >= ${span.from}) desc, votes desc, t.id desc
    limit ${limit}`
}

export interface ShippedIdea {
  id: number
  title: string
  slug: string
  voteCount: number
  shippedAt: Date
  /** Ideas shipped in the period and in the one before, over every idea: the same on each row. */
  total: number
  previousTotal: number
}

/**
 * The latest ideas whose status became shipped in the period (and still is),
 * with how many did in the period and in the one before. Fewer than `limit`
 * in the period leaves room for some of the period before: callers keep
 * those out.
 */
export async function listShippedIdeas(sql: Db, span: Span, limit: number): Promise<ShippedIdea[]> {
  return sql<ShippedIdea[]>`
    select t.id, t.title, t.slug, t.vote_count, t.status_changed_at as shipped_at,
           (count(*) filter (where t.status_changed_at >= ${span.from}) over ())::int as total,
           (count(*) filter (where t.status_changed_at < ${span.from}) over ())::int as previous_total
    from threads t
    where t.kind = 'idea' and t.idea_status = 'shipped' and ${notDeleted(sql, 't')}
      and t.status_changed_at >= ${span.previousFrom} and t.status_changed_at < ${span.to}
    order by t.status_changed_at desc, t.id desc
    limit ${limit}`
}

export interface SearchMissGroup {
  query: string
  searches: number
  previousSearches: number
  lastSearchedAt: Date
  /** Searches that found nothing in the period, over every query: the same on each row. */
  total: number
  previousTotal: number
}

/**
 * Searches that found nothing, grouped by their query lower-cased, trimmed
 * and with runs of spaces made one, most searched first.
 */
export async function listSearchMissGroups(sql: Db, span: Span, limit: number): Promise<SearchMissGroup[]> {
  return sql<SearchMissGroup[]>`
    select normalised as query,
           count(*) filter (where s.searched_at >= ${span.from})::int as searches,
           count(*) filter (where s.searched_at < ${span.from})::int as previous_searches,
           max(s.searched_at) as last_searched_at,
           (sum(count(*) filter (where s.searched_at >= ${span.from})) over ())::int as total,
           (sum(count(*) filter (where s.searched_at < ${span.from})) over ())::int as previous_total
    from search_log s
    cross join lateral (select regexp_replace(lower(btrim(s.query)), '\\s+', ' ', 'g') as normalised) n
    where s.results = 0 and s.searched_at >= ${span.previousFrom} and s.searched_at < ${span.to} and n.normalised <> ''
    group by normalised
    order by searches desc, last_searched_at desc
    limit ${limit}`
}

export interface Helper {
  username: string
  role: Role
  acceptedAnswers: number
  helpfulVotes: number
  previousAcceptedAnswers: number
  previousHelpfulVotes: number
}

/** People by answers accepted and helpful votes received in the period, from the points they earned then. */
export async function listHelpers(sql: Db, span: Span, limit: number): Promise<Helper[]> {
  return sql<Helper[]>`
    select u.username, u.role,
           count(*) filter (where e.reason = 'answer_accepted' and e.created_at >= ${span.from})::int as accepted_answers,
           count(*) filter (where e.reason = 'helpful_vote' and e.created_at >= ${span.from})::int as helpful_votes,
           count(*) filter (where e.reason = 'answer_accepted' and e.created_at < ${span.from})::int as previous_accepted_answers,
           count(*) filter (where e.reason = 'helpful_vote' and e.created_at < ${span.from})::int as previous_helpful_votes
    from reputation_events e join users u on u.id = e.user_id and ${notDeleted(sql, 'u')}
    where e.created_at >= ${span.previousFrom} and e.created_at < ${span.to} and e.reason in ('answer_accepted', 'helpful_vote')
    group by u.id
    having count(*) filter (where e.created_at >= ${span.from}) > 0
    order by accepted_answers desc, helpful_votes desc, u.username
    limit ${limit}`
}

export interface ActiveMember {
  username: string
  /** Public posts (opening posts and replies) written in the period. */
  posts: number
  /** When they joined (new members) or last posted before the period before (members who came back). */
  since: Date
  /** How many members the whole list holds, beyond the limit: the same on each row. */
  total: number
}

/** Members who joined in the period and wrote a public post in it. */
export async function listNewPosters(sql: Db, range: { from: Date; to: Date; limit: number }): Promise<ActiveMember[]> {
  return sql<ActiveMember[]>`
    with active as (
      select p.author_id, count(*)::int as posts from posts p
      where p.created_at >= ${range.from} and p.created_at < ${range.to} and ${inPublicView(sql, 'p')}
      group by p.author_id
    )
    select u.username, a.posts, u.created_at as since, (count(*) over ())::int as total
    from active a join users u on u.id = a.author_id
    where u.role = 'member' and ${notDeleted(sql, 'u')} and u.created_at >= ${range.from} and u.created_at < ${range.to}
    order by a.posts desc, u.username
    limit ${range.limit}`
}

/** Members who wrote in the period and before the period before it, but not during the period before. */
export async function listReturningMembers(sql: Db, span: Span, limit: number): Promise<ActiveMember[]> {
  return sql<ActiveMember[]>`
    with active as (
      select p.author_id, count(*)::int as posts from posts p
      where p.created_at >= ${span.from} and p.created_at < ${span.to} and ${inPublicView(sql, 'p')}
      group by p.author_id
    )
    select u.username, a.posts, earlier.last_at as since, (count(*) over ())::int as total
    from active a
    join users u on u.id = a.author_id
    cross join lateral (
      select max(b.created_at) as last_at from posts b
      where b.author_id = u.id and b.created_at < ${span.previousFrom} and ${inPublicView(sql, 'b')}
    ) earlier
    where u.role = 'member' and ${notDeleted(sql, 'u')} and earlier.last_at is not null
      and not exists (
        select 1 from posts q
        where q.author_id = u.id and q.created_at >= ${span.previousFrom} and q.created_at < ${span.from} and ${inPublicView(sql, 'q')})
    order by a.posts desc, u.username
    limit ${limit}`
}
