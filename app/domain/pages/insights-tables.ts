import { csvDocument } from '../../lib/csv'
import type { Insights } from './insights.server'

/*
 * The insights page's tables as rows and columns, for CSV. Numbers stay
 * numbers (seconds, shares from 0 to 1) so a spreadsheet can compute with
 * them; each "previous" column is the period before.
 */

type Cell = string | number | null
interface Table {
  columns: string[]
  rows: Cell[][]
}

const iso = (at: Date | string) => new Date(at).toISOString()

const tables = {
  'questions-per-day': (i: Insights): Table => ({
    columns: ['day', 'questions'],
    rows: i.support.questionsPerDay.map((d) => [d.day, d.questions]),
  }),
  'answer-times': (i: Insights): Table => ({
    columns: [
      'answer',
      'by',
      'questions',
      'median seconds',
      '90th percentile seconds',
      'previous questions',
      'previous median seconds',
      'previous 90th percentile seconds',
    ],
    rows: (['firstAnswer', 'accepted'] as const).flatMap((measure) =>
      (['all', 'customers', 'staff'] as const).map((by) => {
        const now = i.support.current[measure][by]
        const before = i.support.previous[measure][by]
        return [
          measure === 'firstAnswer' ? 'first' : 'accepted',
          by,
          now.count,
          now.medianSeconds,
          now.p90Seconds,
          before.count,
          before.medianSeconds,
          before.p90Seconds,
        ]
      }),
    ),
  }),
  categories: (i: Insights): Table => ({
    columns: [
      'category',
      'asked',
      'answered share',
      'solved share',
      'peer answer rate',
      'first answer median seconds',
      'first answer 90th percentile seconds',
      'accepted median seconds',
      'accepted 90th percentile seconds',
      'previous asked',
      'previous answered share',
      'previous solved share',
    ],
    rows: i.support.byCategory.map(({ category, current: c, previous: p }) => [
      category.name,
      c.asked,
      c.answeredShare,
      c.solvedShare,
      c.peerAnswerRate,
      c.firstAnswer.all.medianSeconds,
      c.firstAnswer.all.p90Seconds,
      c.accepted.all.medianSeconds,
      c.accepted.all.p90Seconds,
      p.asked,
      p.answeredShare,
      p.solvedShare,
    ]),
  }),
  unanswered: (i: Insights): Table => ({
    columns: ['question', 'category', 'asked at', 'me too', 'link'],
    rows: i.support.unanswered.map((q) => [q.title, q.category, iso(q.askedAt), q.meToos, q.url]),
  }),
  'me-too': (i: Insights): Table => ({
    columns: ['question', 'me too', 'previous me too', 'link'],
    rows: i.needs.meToo.map((q) => [q.title, q.meToos, q.previousMeToos, q.url]),
  }),
  'customers-affected': (i: Insights): Table => ({
    columns: ['idea', 'status', 'customers affected', 'votes', 'link'],
    rows: i.needs.customersAffected.map((idea) => [idea.title, idea.status, idea.customers, idea.votes, idea.url]),
  }),
  'growing-ideas': (i: Insights): Table => ({
    columns: ['idea', 'status', 'votes', 'linked threads', 'previous votes', 'previous linked threads', 'link'],
    rows: i.needs.growingIdeas.map((idea) => [
      idea.title,
      idea.status,
      idea.votes,
      idea.links,
      idea.previousVotes,
      idea.previousLinks,
      idea.url,
    ]),
  }),
  shipped: (i: Insights): Table => ({
    columns: ['idea', 'shipped at', 'votes', 'link'],
    rows: i.needs.shipped.ideas.map((idea) => [idea.title, iso(idea.shippedAt), idea.votes, idea.url]),
  }),
  'search-misses': (i: Insights): Table => ({
    columns: ['search', 'times', 'previous times', 'last searched at'],
    rows: i.needs.searchMisses.queries.map((m) => [m.query, m.searches, m.previousSearches, iso(m.lastSearchedAt)]),
  }),
  helpers: (i: Insights): Table => ({
    columns: ['username', 'role', 'accepted answers', 'helpful votes', 'previous accepted answers', 'previous helpful votes'],
    rows: i.people.helpers.map((h) => [
      h.username,
      h.role,
      h.acceptedAnswers,
      h.helpfulVotes,
      h.previousAcceptedAnswers,
      h.previousHelpfulVotes,
    ]),
  }),
  'new-members': (i: Insights): Table => ({
    columns: ['username', 'joined at', 'posts'],
    rows: i.people.newMembers.members.map((m) => [m.username, iso(m.joinedAt), m.posts]),
  }),
  'returning-members': (i: Insights): Table => ({
    columns: ['username', 'last posted before', 'posts'],
    rows: i.people.returningMembers.members.map((m) => [m.username, iso(m.lastPostedBefore), m.posts]),
  }),
} satisfies Record<string, (i: Insights) => Table>

export type InsightTable = keyof typeof tables
export const insightTables = Object.keys(tables) as InsightTable[]

export function isInsightTable(name: string | null): name is InsightTable {
  return name !== null && Object.hasOwn(tables, name)
}

export function tableCsv(insights: Insights, name: InsightTable): string {
  const table = tables[name](insights)
  return csvDocument([table.columns, ...table.rows])
}
