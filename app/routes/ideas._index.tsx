import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'

import { IdeaList, ideaListLinks } from '../components/idea-list'
import { NewThreadsNotice } from '../components/live-notices'
import { ideaBoardParams } from '../domain/ideas/idea.schema'
import { ideaSorts, ideaStatuses, statusLabels } from '../domain/ideas/idea.terms'
import { getIdeasBoard } from '../domain/pages/ideas.server'
import { pageHead, siteOf } from '../lib/meta'
import { getActor, parseParam, throwAsPage } from '../lib/request.server'
import { feedUrls } from '../lib/urls'
import { boardChanged, useListLive } from '../lib/use-list-live'
import listStyles from '../styles/lists.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: listStyles }, ...ideaListLinks()]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageHead({
    title: 'Ideas',
    description: 'Ideas from customers, with the votes and evidence behind each.',
    path: data ? boardUrl(data.params) : '/ideas',
    ...siteOf(matches),
    feeds: [{ title: 'Shipped ideas', path: feedUrls.shippedIdeas }],
  })

/** A view of the board: defaults (top, page 1) are left out, so each view has one address. */
function boardUrl(params: Record<string, string | number | undefined>) {
  const query = new URLSearchParams()
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== '' && !(k === 'sort' && v === 'top') && !(k === 'page' && String(v) === '1')) query.set(k, String(v))
  const text = query.toString()
  return `/ideas${text ? `?${text}` : ''}`
}

const sortLabels = { top: 'Top', trending: 'Trending', newest: 'Newest', customers: 'Most customers affected' } as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const params = parseParam(ideaBoardParams, {
    sort: url.searchParams.get('sort') || undefined,
    status: url.searchParams.get('status') || undefined,
    category: url.searchParams.get('category') || undefined,
    page: url.searchParams.get('page') || undefined,
  })
  const actor = await getActor(request, context)
  try {
    return { ...(await getIdeasBoard(context.sql, actor, params)), params }
  } catch (error) {
    throwAsPage(error)
  }
}

export default function IdeasBoard() {
  const { ideas, more, categories, canTriage, params, liveMark } = useLoaderData<typeof loader>()
  const live = useListLive('ideas', { liveMark, refreshOn: boardChanged })
  const query = (changes: Record<string, string | number | undefined>) => boardUrl({ ...params, page: undefined, ...changes })
  return (
    <div className="ideas-page">
      <header className="page-header">
        <div>
          <h1>Ideas</h1>
          <p className="muted">Vote for what you need; every idea shows the customers behind it.</p>
        </div>
        <div className="form-actions">
          <Link to="/ideas/roadmap" className="button button--ghost">
            Roadmap
          </Link>
          {canTriage ? (
            <>
              <Link to="/ideas/triage" className="button button--ghost">
                Triage queue
              </Link>
              <a href="/ideas.csv" className="button button--ghost" download>
                Download CSV
              </a>
            </>
          ) : null}
          <Link to="/new?category=ideas" className="button button--primary">
            Post an idea
          </Link>
        </div>
      </header>
      <div className="list-controls">
        <nav aria-label="Sort ideas" className="segmented">
          {ideaSorts.map((s) => (
            <Link key={s} to={query({ sort: s })} aria-current={s === params.sort ? 'page' : undefined}>
              {sortLabels[s]}
            </Link>
          ))}
        </nav>
        <Form method="get" className="filters">
          <input type="hidden" name="sort" value={params.sort} />
          <label htmlFor="status-filter">Status</label>
          <select id="status-filter" name="status" defaultValue={params.status ?? ''}>
            <option value="">Open ideas</option>
            {ideaStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
          <label htmlFor="category-filter">Category</label>
          <select id="category-filter" name="category" defaultValue={params.category ?? ''}>
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button button--small button--ghost">
            Filter
          </button>
        </Form>
      </div>
      <NewThreadsNotice count={live.newThreads} onShow={live.show} />
      <IdeaList ideas={ideas} />
      <nav className="pager" aria-label="Pages">
        {params.page > 1 ? <Link to={query({ page: params.page - 1 })}>← Previous</Link> : <span />}
        {more ? (
          <Link to={query({ page: params.page + 1 })} rel="next">
            Next →
          </Link>
        ) : null}
      </nav>
    </div>
  )
}
