import type { Sql } from '../../../db/client'
import * as categories from '../../../db/queries/categories'
import * as ideas from '../../../db/queries/ideas'
import { readLiveMark } from '../../../db/queries/outbox'
import { csvDocument } from '../../lib/csv'
import { DomainError } from '../errors'
import { statusLabels, type IdeaStatus } from '../ideas/idea.terms'
import { authorize, can, readableCategories, visibleThreads, type Actor } from '../policy.server'

/* The innovation board, the roadmap, the triage queue and the export. */

export const IDEAS_PER_PAGE = 30

/** The board: open ideas by default, sorted and filtered as asked. Ideas are few next to threads, so pages are numbered. */
export async function getIdeasBoard(
  sql: Sql,
  actor: Actor,
  options: { sort: ideas.IdeaSort; status?: IdeaStatus; category?: string; page: number },
) {
  const [categoryList, category] = await Promise.all([
    categories.listCategories(sql),
    options.category ? categories.findCategoryBySlug(sql, options.category) : Promise.resolve(undefined),
  ])
  if (options.category && (!category || !can(actor, 'category:see', category))) throw new DomainError('not_found')
  // Read before the ideas, so the page is at least as new as its live mark.
  const liveMark = categoryList[0]?.liveMark ?? (await readLiveMark(sql))
  const rows = await ideas.listIdeas(sql, {
    sort: options.sort,
    statuses: options.status ? [options.status] : ['new', 'under_review', 'planned', 'in_progress'],
    categoryId: category?.id,
    limit: IDEAS_PER_PAGE + 1,
    offset: (options.page - 1) * IDEAS_PER_PAGE,
    visible: visibleThreads(sql, actor),
  })
  return {
    ideas: rows.slice(0, IDEAS_PER_PAGE),
    more: rows.length > IDEAS_PER_PAGE,
    categories: readableCategories(actor, categoryList).filter(
      (c) => c.allowedKinds.includes('idea') || c.allowedKinds.includes('question'),
    ),
    canTriage: can(actor, 'idea:triage'),
    liveMark,
  }
}

/** Planned, in progress and recently shipped, as columns. */
export async function getRoadmap(sql: Sql, actor: Actor) {
  const liveMark = await readLiveMark(sql)
  const visible = visibleThreads(sql, actor)
  const [planned, inProgress, shipped] = await Promise.all([
    ideas.listIdeas(sql, { statuses: ['planned'], sort: 'top', limit: 50, visible }),
    ideas.listIdeas(sql, { statuses: ['in_progress'], sort: 'top', limit: 50, visible }),
    ideas.listIdeas(sql, { statuses: ['shipped'], sort: 'newest', limit: 20, visible }),
  ])
  return { planned, inProgress, shipped, liveMark }
}

/** New ideas awaiting review, the longest waiting first. */
export async function getTriageQueue(sql: Sql, actor: Actor) {
  authorize(actor, 'idea:triage')
  const visible = visibleThreads(sql, actor)
  return { ideas: await ideas.listIdeas(sql, { statuses: ['new'], sort: 'newest', oldestFirst: true, limit: 100, visible }) }
}

/** Every idea as CSV for product teams: title, status, votes, customers affected, linked threads, link. */
export async function exportIdeasCsv(sql: Sql, actor: Actor, origin: string): Promise<string> {
  authorize(actor, 'idea:triage')
  const rows = await ideas.listIdeas(sql, { sort: 'top', limit: 100_000, visible: visibleThreads(sql, actor) })
  return csvDocument([
    ['title', 'status', 'votes', 'customers affected', 'linked threads', 'link'],
    ...rows.map((idea) => [
      idea.title,
      statusLabels[idea.ideaStatus],
      idea.voteCount,
      idea.customers,
      idea.linkedThreads,
      `${origin}/t/${idea.id}/${idea.slug}`,
    ]),
  ])
}
