import type { Db, Sql } from '../../../db/client'
import { listCategories } from '../../../db/queries/categories'
import { listIdeas } from '../../../db/queries/ideas'
import { findSnapshot, listSnapshots, markPending, saveSnapshot } from '../../../db/queries/insight-snapshots'
import * as insights from '../../../db/queries/insights'
import { closedStatuses, ideaStatuses } from '../../../db/types'
import { threadUrl, userUrl } from '../../lib/urls'
import { DomainError } from '../errors'
import { howCounted } from '../insights/counting'
import { parseDays, periodChoices, periodEnding, previousOf, type Period, type PeriodDays } from '../insights/period'
import { supportHealth } from '../insights/support'
import { authorize, threadsInsightsCount, type Actor } from '../policy.server'
import { getSettings } from '../settings/settings.server'
import { insightTables, isInsightTable, tableCsv } from './insights-tables'

/*
 * What /insights, its CSV tables and its JSON show: one read model, so the
 * three never disagree.
 *
 * The figures read the whole period's history, which takes seconds at a
 * hundred thousand threads. So they are computed once per period and kept
 * (insight_snapshots): the outbox consumer below computes them again after
 * activity, at most once a minute, and a page reads them in one statement.
 * A snapshot is shown while it is no more than a minute behind the activity
 * it knows of; otherwise, or on a new day, the page computes it first.
 */

/** How far behind the forum's activity kept figures may be. */
export const REFRESH_MS = 60_000

const UNANSWERED = 20
const TOP = 10
const MISSES = 20
const MEMBERS = 20

const openStatuses = ideaStatuses.filter((s) => !closedStatuses.includes(s))

/** Where "start an FAQ thread" and "create an idea" lead for a search that found nothing. */
function startFrom(query: string, kind?: 'idea') {
  const params = new URLSearchParams(kind ? { kind, title: query } : { title: query })
  return `/new?${params}`
}

const spanOf = (period: Period) => ({ previousFrom: period.previousFrom, from: period.from, to: period.to })

/** The days asked for, or a clear refusal (a 400) for anything but the choices. */
export function requirePeriodDays(raw: string | null) {
  const days = parseDays(raw)
  if (days === null) throw new DomainError('invalid', 'Choose a period of 7, 30 or 90 days.', { days: 'Choose 7, 30 or 90 days.' })
  return days
}

const iso = (at: Date) => at.toISOString()

/** Every figure for the period of `days` ending today in `timeZone`, as JSON keeps it (times as ISO strings). */
export async function computeInsights(sql: Db, days: PeriodDays, now: Date, timeZone: string) {
  const period = periodEnding(days, now, timeZone)
  const previous = previousOf(period)
  const span = spanOf(period)
  const [
    outcomes,
    categories,
    unanswered,
    meToo,
    affected,
    growing,
    shipped,
    misses,
    helpers,
    newPosters,
    previousNewPosters,
    returning,
    previousReturning,
  ] = await Promise.all([
    insights.listQuestionOutcomes(sql, span),
    listCategories(sql),
    insights.listUnanswered(sql, { from: period.from, to: period.to, limit: UNANSWERED }),
    insights.listMeTooLeaders(sql, span, TOP),
    listIdeas(sql, { statuses: openStatuses, sort: 'customers', limit: TOP, visible: threadsInsightsCount(sql) }),
    insights.listGrowingIdeas(sql, span, TOP),
    insights.listShippedIdeas(sql, span, TOP),
    insights.listSearchMissGroups(sql, span, MISSES),
    insights.listHelpers(sql, span, TOP),
    insights.listNewPosters(sql, { from: period.from, to: period.to, limit: MEMBERS }),
    insights.listNewPosters(sql, { from: previous.from, to: previous.to, limit: 1 }),
    insights.listReturningMembers(sql, span, MEMBERS),
    insights.listReturningMembers(sql, spanOf(previous), 1),
  ])
  const categoryById = new Map(categories.map((c) => [c.id, c]))
  const support = supportHealth(outcomes, period, previous)
  return {
    period: { days: period.days, timeZone, from: iso(period.from), to: iso(period.to), previousFrom: iso(period.previousFrom) },
    computedAt: iso(now),
    howCounted,
    support: {
      current: support.current,
      previous: support.previous,
      questionsPerDay: support.questionsPerDay,
      byCategory: support.byCategory.map(({ categoryId, current, previous }) => {
        const category = categoryById.get(categoryId)
        return { category: { slug: category?.slug ?? '', name: category?.name ?? `Category ${categoryId}` }, current, previous }
      }),
      unanswered: unanswered.map((q) => ({
        title: q.title,
        url: threadUrl(q),
        category: q.categoryName,
        askedAt: iso(q.createdAt),
        meToos: q.meTooCount,
      })),
    },
    needs: {
      meToo: meToo.map((q) => ({ title: q.title, url: threadUrl(q), meToos: q.meToos, previousMeToos: q.previousMeToos })),
      customersAffected: affected
        .filter((idea) => idea.customers > 0)
        .map((idea) => ({
          title: idea.title,
          url: threadUrl(idea),
          status: idea.ideaStatus,
          customers: idea.customers,
          votes: idea.voteCount,
        })),
      growingIdeas: growing.map((idea) => ({
        title: idea.title,
        url: threadUrl(idea),
        status: idea.ideaStatus,
        votes: idea.votes,
        links: idea.links,
        previousVotes: idea.previousVotes,
        previousLinks: idea.previousLinks,
      })),
      shipped: {
        count: shipped[0]?.total ?? 0,
        previousCount: shipped[0]?.previousTotal ?? 0,
        ideas: shipped
          .filter((idea) => idea.shippedAt >= period.from)
          .map((idea) => ({ title: idea.title, url: threadUrl(idea), shippedAt: iso(idea.shippedAt), votes: idea.voteCount })),
      },
      searchMisses: {
        total: misses[0]?.total ?? 0,
        previousTotal: misses[0]?.previousTotal ?? 0,
        queries: misses
          .filter((miss) => miss.searches > 0)
          .map((miss) => ({
            query: miss.query,
            searches: miss.searches,
            previousSearches: miss.previousSearches,
            lastSearchedAt: iso(miss.lastSearchedAt),
            faqUrl: startFrom(miss.query),
            ideaUrl: startFrom(miss.query, 'idea'),
          })),
      },
    },
    people: {
      helpers: helpers.map((h) => ({
        username: h.username,
        url: userUrl(h.username),
        role: h.role,
        acceptedAnswers: h.acceptedAnswers,
        helpfulVotes: h.helpfulVotes,
        previousAcceptedAnswers: h.previousAcceptedAnswers,
        previousHelpfulVotes: h.previousHelpfulVotes,
      })),
      newMembers: {
        count: newPosters[0]?.total ?? 0,
        previousCount: previousNewPosters[0]?.total ?? 0,
        members: newPosters.map((m) => ({ username: m.username, url: userUrl(m.username), posts: m.posts, joinedAt: iso(m.since) })),
      },
      returningMembers: {
        count: returning[0]?.total ?? 0,
        previousCount: previousReturning[0]?.total ?? 0,
        members: returning.map((m) => ({ username: m.username, url: userUrl(m.username), posts: m.posts, lastPostedBefore: iso(m.since) })),
      },
    },
  }
}

export type Insights = Awaited<ReturnType<typeof computeInsights>>

/** Computes the period's figures and keeps them for the next reader. */
async function computeAndKeep(sql: Db, days: PeriodDays, now: Date, timeZone: string): Promise<Insights> {
  const figures = await computeInsights(sql, days, now, timeZone)
  await saveSnapshot(sql, { days, periodTo: periodEnding(days, now, timeZone).to, computedAt: now, figures })
  return figures
}

/**
 * The figures for a staff member or product team: those kept, when they are
 * today's (in the community's time zone, so a new zone makes them old too)
 * and at most a minute behind the activity they know of, or computed now. A
 * `now` other than the clock (a test of another day) never touches what is
 * kept.
 */
export async function getInsights(sql: Sql, actor: Actor, rawDays: string | null, now?: Date): Promise<Insights> {
  authorize(actor, 'insights:view')
  const days = requirePeriodDays(rawDays)
  const [{ timeZone }, kept] = await Promise.all([getSettings(sql), now ? undefined : findSnapshot<Insights>(sql, days)])
  if (now) return computeInsights(sql, days, now, timeZone)
  const clock = new Date()
  const current =
    kept &&
    kept.figures.period.timeZone === timeZone &&
    kept.periodTo.getTime() === periodEnding(days, clock, timeZone).to.getTime() &&
    (!kept.pending || clock.getTime() - kept.computedAt.getTime() < REFRESH_MS)
  return current ? kept.figures : computeAndKeep(sql, days, clock, timeZone)
}

/**
 * The outbox consumer's part: something happened, so every kept snapshot
 * misses it. Those computed over a minute ago, or for another day, are
 * computed again now; the rest are marked pending, for the next activity or
 * reader. Computing comes first and writing last, so the snapshots' rows are
 * locked only for the moment it takes to write them, not while a page waits.
 */
export async function refreshInsights(tx: Db, now = new Date()): Promise<void> {
  const kept = await listSnapshots(tx)
  if (!kept.length) return
  const { timeZone } = await getSettings(tx)
  const fresh: { days: PeriodDays; figures: Insights }[] = []
  for (const snapshot of kept) {
    const days = snapshot.days as PeriodDays
    if (!(periodChoices as readonly number[]).includes(days)) continue
    const stale = now.getTime() - snapshot.computedAt.getTime() >= REFRESH_MS
    const anotherDay = snapshot.periodTo.getTime() !== periodEnding(days, now, timeZone).to.getTime()
    if (stale || anotherDay) fresh.push({ days, figures: await computeInsights(tx, days, now, timeZone) })
  }
  await markPending(tx)
  for (const { days, figures } of fresh)
    await saveSnapshot(tx, { days, periodTo: periodEnding(days, now, timeZone).to, computedAt: now, figures })
}

/** One of the page's tables as CSV, for the same period; an unknown table is a 400 naming the ones there are. */
export async function exportInsightsCsv(sql: Sql, actor: Actor, rawDays: string | null, rawTable: string | null) {
  authorize(actor, 'insights:view')
  if (!isInsightTable(rawTable)) throw new DomainError('invalid', `Choose a table: ${insightTables.join(', ')}.`)
  const insights = await getInsights(sql, actor, rawDays)
  return {
    csv: tableCsv(insights, rawTable),
    filename: `insights-${rawTable}-${insights.period.days}-days-${insights.period.to.slice(0, 10)}.csv`,
  }
}
