import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { Badge, ReadabilityBadge } from '../components/badge'
import { CategoryColours } from '../components/category-label'
import { NewThreadsNotice } from '../components/live-notices'
import { ThreadList, threadListLinks } from '../components/thread-list'
import { getHomePage } from '../domain/pages/listings.server'
import { pageHead, siteOf } from '../lib/meta'
import { getActor } from '../lib/request.server'
import { categoryUrl, feedUrls } from '../lib/urls'
import { useListLive } from '../lib/use-list-live'
import { useIdentity } from '../root'
import homeStyles from '../styles/home.css'
import proseStyles from '../styles/prose.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: proseStyles },
  { rel: 'stylesheet', href: homeStyles },
  ...threadListLinks(),
]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageHead({
    description: data?.description || 'Ask questions, share answers and ideas with the community.',
    path: '/',
    ...siteOf(matches),
    feeds: [{ title: 'Latest threads', path: feedUrls.latest }],
  })

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context)
  // The welcome is read with the settings, not per page (see AppContext.identity).
  const { description, bannerHtml } = context.identity
  return { ...(await getHomePage(context.sql, actor)), description, bannerHtml }
}

export default function Home() {
  const { categories, latest, unanswered, liveMark, description, bannerHtml } = useLoaderData<typeof loader>()
  const { name } = useIdentity()
  const live = useListLive('home', { liveMark })
  return (
    <div className="home">
      <section className="hero">
        <h1>{name}</h1>
        {description ? <p>{description}</p> : null}
        {bannerHtml ? <div className="prose hero__banner" dangerouslySetInnerHTML={{ __html: bannerHtml }} /> : null}
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
