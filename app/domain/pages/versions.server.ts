import type { Sql } from '../../../db/client'
import { findForumVersion, findThreadPageVersion } from '../../../db/queries/page-versions'
import { notMergedAway } from '../../../db/visibility'
import { forumWideEventTypes, privateEventTypes } from '../events'
import { visibleThreads } from '../policy.server'

/*
 * What a visitor's copy of a page is checked against before it is rendered
 * again: a thread page by its own thread's events, any other page by the
 * forum's. Null means "render it": search results depend on the search
 * engine, not on events, and a thread a visitor may not read has nothing to
 * revalidate.
 */

const threadPath = /^\/t\/(\d{1,15})(?:[/.]|$)/

export async function visitorPageVersion(sql: Sql, path: string): Promise<string | null> {
  if (path === '/search' || path.startsWith('/search/') || path.startsWith('/search.')) return null
  const thread = threadPath.exec(path)
  if (thread) {
    const visible = sql`(${visibleThreads(sql, null)} and ${notMergedAway(sql, 't')})`
    const version = await findThreadPageVersion(sql, Number(thread[1]), visible, forumWideEventTypes)
    return version === null ? null : `t${version}`
  }
  return `f${await findForumVersion(sql, privateEventTypes)}`
}
