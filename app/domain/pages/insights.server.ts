import type { Sql } from '../../../db/client'
import { listCategories } from '../../../db/queries/categories'
import { listIdeas } from '../../../db/queries/ideas'
import * as insights from '../../../db/queries/insights'
import { closedStatuses, ideaStatuses } from '../../../db/types'
import { threadUrl, userUrl } from '../../lib/urls'
import { DomainError } from '../errors'
import { howCounted } from '../insights/counting'
import { inPeriod, parseDays, periodEnding, previousOf, TIME_ZONE, type Period } from '../insights/period'
import { supportHealth } from '../insights/support'
import { authorize, visibleThreads, type Actor } from '../policy.server'
import { insightTables, isInsightTable, tableCsv } from './insights-tables'

/*
 * What /insights, its CSV tables and its JSON show: one read model, so the
 * three never disagree.
 */

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

export async function getInsights(sql: Sql, actor: Actor, rawDays: string | null, now = new Date()) {
  authorize(actor, 'insights:view')
  const period = periodEnding(requirePeriodDays(rawDays), now)
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
    listIdeas(sql, { statuses: openStatuses, sort: 'customers', limit: TOP, visible: visibleThreads(sql, actor) }),
    insights.listGrowingIdeas(sql, span, TOP),
    insights.listShippedIdeas(sql, span),
    insights.listSearchMissGroups(sql, span, MISSES),
    insights.listHelpers(sql, span, TOP),
    insights.listNewPosters(sql, { from: period.from, to: period.to, limit: MEMBERS }),
    insights.listNewPosters(sql, { from: previous.from, to: previous.to, limit: 1 }),
    insights.listReturningMembers(sql, span, MEMBERS),
    insights.listReturningMembers(sql, spanOf(previous), 1),
  ])
  const categoryById = new Map(categories.map((c) => [c.id, c]))
  const support = supportHealth(outcomes, period, previous)
  const shippedNow = shipped.filter((idea) => inPeriod(period, idea.shippedAt))
  return {
    period: { days: period.days, timeZone: TIME_ZONE, from: period.from, to: period.to, previousFrom: period.previousFrom },
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
        askedAt: q.createdAt,
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
        count: shippedNow.length,
        previousCount: shipped.length - shippedNow.length,
        ideas: shippedNow.map((idea) => ({ title: idea.title, url: threadUrl(idea), shippedAt: idea.shippedAt, votes: idea.voteCount })),
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
            lastSearchedAt: miss.lastSearchedAt,
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
        members: newPosters.map((m) => ({ username: m.username, url: userUrl(m.username), posts: m.posts, joinedAt: m.since })),
      },
      returningMembers: {
        count: returning[0]?.total ?? 0,
        previousCount: previousReturning[0]?.total ?? 0,
        members: returning.map((m) => ({ username: m.username, url: userUrl(m.username), posts: m.posts, lastPostedBefore: m.since })),
      },
    },
  }
}

export type Insights = Awaited<ReturnType<typeof getInsights>>

/** One of the page's tables as CSV, for the same period; an unknown table is a 400 naming the ones there are. */
export async function exportInsightsCsv(sql: Sql, actor: Actor, rawDays: string | null, rawTable: string | null) {
  authorize(actor, 'insights:view')
  if (!isInsightTable(rawTable)) throw new DomainError('invalid', `Choose a table: ${insightTables.join(', ')}.`)
  const insights = await getInsights(sql, actor, rawDays)
  return {
    csv: tableCsv(insights, rawTable),
    filename: `insights-${rawTable}-${insights.period.days}-days-${insights.period.to.toISOString().slice(0, 10)}.csv`,
  }
}
