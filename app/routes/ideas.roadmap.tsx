import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { IdeaList, ideaListLinks } from '../components/idea-list'
import { getRoadmap } from '../domain/pages/ideas.server'
import { pageHead, siteOf } from '../lib/meta'
import { getActor } from '../lib/request.server'
import { feedUrls } from '../lib/urls'
import { boardChanged, useListLive } from '../lib/use-list-live'
import listStyles from '../styles/lists.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: listStyles }, ...ideaListLinks()]

export const meta: MetaFunction = ({ matches }) =>
  pageHead({
    title: 'Roadmap',
    description: 'What the product teams plan, are building and have shipped, from the ideas customers posted.',
    path: '/ideas/roadmap',
    ...siteOf(matches),
    feeds: [{ title: 'Shipped ideas', path: feedUrls.shippedIdeas }],
  })

export async function loader({ request, context }: LoaderFunctionArgs) {
  return getRoadmap(context.sql, await getActor(request, context))
}

export default function Roadmap() {
  const { planned, inProgress, shipped, liveMark } = useLoaderData<typeof loader>()
  // New ideas start as "under review"; only status changes move cards here.
  useListLive('ideas', { liveMark, refreshOn: boardChanged })
  const columns = [
    { id: 'planned', title: 'Planned', ideas: planned },
    { id: 'in-progress', title: 'In progress', ideas: inProgress },
    { id: 'shipped', title: 'Recently shipped', ideas: shipped },
  ]
  return (
    <div className="roadmap-page">
      <header className="page-header">
        <div>
          <h1>Roadmap</h1>
          <p className="muted">What the product team is building from your ideas.</p>
        </div>
        <Link to="/ideas" className="button button--ghost">
          All ideas
        </Link>
      </header>
      <div className="roadmap">
        {columns.map((column) => (
          <section key={column.id} className="roadmap__column" aria-labelledby={`${column.id}-heading`}>
            <h2 id={`${column.id}-heading`}>
              {column.title} <span className="muted small">({column.ideas.length})</span>
            </h2>
            <IdeaList ideas={column.ideas} compact />
          </section>
        ))}
      </div>
    </div>
  )
}
