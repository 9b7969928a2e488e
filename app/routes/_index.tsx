import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { Badge, ReadabilityBadge } from '../components/badge'
import { CategoryColours } from '../components/category-label'
import { NewThreadsNotice } from '../components/live-notices'
import { ThreadList, threadListLinks } from '../components/thread-list'
import { getHomePage } from '../domain/pages/listings.server'
import { originOf, pageHead } from '../lib/meta'
import { getActor } from '../lib/request.server'
import { categoryUrl, feedUrls } from '../lib/urls'
import { useListLive } from '../lib/use-list-live'
import homeStyles from '../styles/home.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: homeStyles }, ...threadListLinks()]

export const meta: MetaFunction = ({ matches }) =>
  pageHead({
    description: 'Ask questions, share answers and ideas with the community.',
    path: '/',
    origin: originOf(matches),
    feeds: [{ title: 'Latest threads', path: feedUrls.latest }],
  })

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context)
  return getHomePage(context.sql, actor)
}

export default function Home() {
  const { categories, latest, unanswered, liveMark } = useLoaderData<typeof loader>()
  const live = useListLive('home', { liveMark })
  return (
    <div className="home">
      <section className="hero">
        <h1>Community</h1>
        <p>Ask a question, help someone out, or share an idea for the product.</p>
      </section>
      <div className="home__grid">
        <section aria-labelledby="categories-heading">
          <h2 id="categories-heading">Categories</h2>
          <CategoryColours categories={categories} />
          <ul className="category-list">
            {categories.map((category) => (
              <li key={category.id} className={`category-card category-${category.id}`}>
                <Link to={categoryUrl(category.slug)} className="category-card__name">
                  {category.name}
                </Link>{' '}
                <ReadabilityBadge readableBy={category.readableBy} />
                {category.archivedAt ? <Badge>Archived</Badge> : null}
                <p>{category.description}</p>
                <p className="muted small">
                  {category.threadCount} {category.threadCount === 1 ? 'thread' : 'threads'} · {category.postCount}{' '}
                  {category.postCount === 1 ? 'post' : 'posts'}
                  {category.postsThisWeek ? ` · ${category.postsThisWeek} this week` : ''}
                </p>
              </li>
            ))}
          </ul>
        </section>
        <div className="stack">
          {unanswered.length ? (
            <section aria-labelledby="unanswered-heading">
              <h2 id="unanswered-heading">Unanswered</h2>
              <p className="muted small">Questions still waiting for a first reply, the longest waiting first. Can you help?</p>
              <ThreadList threads={unanswered} />
            </section>
          ) : null}
          <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">Latest activity</h2>
            <NewThreadsNotice count={live.newThreads} onShow={live.show} />
            <ThreadList threads={latest} pinnedIn="home" />
          </section>
        </div>
      </div>
    </div>
  )
}
