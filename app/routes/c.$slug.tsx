import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { Badge, ReadabilityBadge } from '../components/badge'
import { CategoryColours } from '../components/category-label'
import { NewThreadsNotice } from '../components/live-notices'
import { ThreadList, threadListLinks } from '../components/thread-list'
import { WatchControl } from '../components/watch-control'
import { DomainError } from '../domain/errors'
import { findMovedCategorySlug, findReadableCategoryId, getCategoryPage, parseCursor } from '../domain/pages/listings.server'
import { threadListParams } from '../domain/threads/thread.schema'
import { threadFilters, threadSorts } from '../domain/threads/thread.terms'
import { useIntentResult } from '../lib/intent-result'
import { runIntent } from '../lib/intents.server'
import { categoryWatchIntents } from '../lib/intents/watch.server'
import { pageHead, siteOf } from '../lib/meta'
import { getActor, parseParam, requireActor, throwAsPage } from '../lib/request.server'
import { categoryUrl, feedUrls } from '../lib/urls'
import { useListLive } from '../lib/use-list-live'
import listStyles from '../styles/lists.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: listStyles }, ...threadListLinks()]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? pageHead({
        title: data.category.name,
        description: data.category.description,
        // Each view and page of the list is its own page; unknown or default parameters are not.
        path: categoryListUrl(data.category.slug, { sort: data.sort, filter: data.filter, before: data.cursor ?? undefined }),
        ...siteOf(matches),
        feeds: [{ title: `Latest in ${data.category.name}`, path: feedUrls.category(data.category.slug) }],
      })
    : []

/** A view of a category's list: defaults are left out, so each view has one address. */
function categoryListUrl(slug: string, view: { sort: string; filter: string; before?: string }) {
  const params = new URLSearchParams()
  if (view.sort !== 'latest') params.set('sort', view.sort)
  if (view.filter !== 'all') params.set('filter', view.filter)
  if (view.before) params.set('before', view.before)
  const query = params.toString()
  return `${categoryUrl(slug)}${query ? `?${query}` : ''}`
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const { sort, filter } = parseParam(threadListParams, {
    sort: url.searchParams.get('sort') ?? undefined,
    filter: url.searchParams.get('filter') ?? undefined,
  })
  const actor = await getActor(request, context)
  try {
    const before = parseCursor(url.searchParams.get('before'), sort)
    const page = await getCategoryPage(context.sql, actor, params.slug ?? '', { before, sort, filter })
    return { ...page, sort, filter, paged: Boolean(before), cursor: before ? url.searchParams.get('before') : null }
  } catch (error) {
    // A renamed or merged category: its old address leads to where it is now, for good.
    if (error instanceof DomainError && error.code === 'not_found') {
      const moved = await findMovedCategorySlug(context.sql, actor, params.slug ?? '')
      if (moved) throw redirect(categoryUrl(moved) + url.search, 301)
    }
    throwAsPage(error)
  }
}

/** The category page's one form: watching or muting it. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, new URL(request.url).pathname)
  let id: number
  try {
    id = await findReadableCategoryId(context.sql, actor, params.slug ?? '')
  } catch (error) {
    throwAsPage(error)
  }
  const args = { sql: context.sql, actor, id, limits: context.rateLimits }
  return runIntent(categoryWatchIntents, await request.formData(), args, request)
}

const sortLabels = { latest: 'Latest activity', newest: 'Newest', top: 'Most "me too"' } as const
const filterLabels = { all: 'All', unsolved: 'Unsolved', solved: 'Solved' } as const

export default function CategoryPage() {
  const { category, threads, nextCursor, paged, sort, filter, liveMark, watch } = useLoaderData<typeof loader>()
  const watchResult = useIntentResult('watch')
  const link = (changes: { sort?: string; filter?: string; before?: string }) =>
    categoryListUrl(category.slug, { sort: changes.sort ?? sort, filter: changes.filter ?? filter, before: changes.before })
  const takesQuestions = category.allowedKinds.includes('question')
  const live = useListLive(`category:${category.id}`, { liveMark })
  return (
    <div className="category-page">
      <CategoryColours categories={[category]} />
      <header className="page-header">
        <div className={`category-page__header category-${category.id}`}>
          <h1>
            {category.name} <ReadabilityBadge readableBy={category.readableBy} />
            {category.archivedAt ? <Badge>Archived</Badge> : null}
          </h1>
          <p className="muted">{category.description}</p>
          {category.archivedAt ? (
            <p className="notice" role="note">
              This category is archived: its threads stay here to read, and it takes no new threads or replies.
            </p>
          ) : null}
        </div>
        <div className="page-header__actions">
          {category.archivedAt ? null : (
            <Link to={`/new?category=${category.slug}`} className="button button--primary">
              Start a thread
            </Link>
          )}
          {watch ? <WatchControl level={watch.level} of="category" message={watchResult.message} /> : null}
        </div>
      </header>
      <div className="list-controls">
        {takesQuestions ? (
          <nav aria-label="Filter threads" className="segmented">
            {threadFilters.map((f) => (
              <Link key={f} to={link({ filter: f })} aria-current={f === filter ? 'page' : undefined}>
                {filterLabels[f]}
              </Link>
            ))}
          </nav>
        ) : null}
        <nav aria-label="Sort threads" className="segmented">
          {threadSorts.map((s) => (
            <Link key={s} to={link({ sort: s })} aria-current={s === sort ? 'page' : undefined}>
              {sortLabels[s]}
            </Link>
          ))}
        </nav>
      </div>
      <NewThreadsNotice count={live.newThreads} onShow={live.show} />
      <ThreadList threads={threads} showCategory={false} pinnedIn={sort === 'latest' && filter === 'all' ? 'category' : undefined} />
      <nav className="pager" aria-label="Pages">
        {paged ? <Link to={link({})}>← First page</Link> : <span />}
        {nextCursor ? (
          <Link to={link({ before: nextCursor })} rel="next">
            More threads →
          </Link>
        ) : null}
      </nav>
    </div>
  )
}
