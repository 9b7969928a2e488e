import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ThreadList } from '../components/thread-list'
import { getCategoryPage, parseCursor } from '../domain/threads/pages.server'
import { getActor, throwAsPage } from '../lib/request.server'

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.category.name} · Community` }, { name: 'description', content: data.category.description }] : []

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context)
  try {
    const before = parseCursor(new URL(request.url).searchParams.get('before'))
    return { ...(await getCategoryPage(context.sql, actor, params.slug ?? '', before)), paged: Boolean(before) }
  } catch (error) {
    throwAsPage(error)
  }
}

export default function CategoryPage() {
  const { category, threads, nextCursor, paged } = useLoaderData<typeof loader>()
  return (
    <div className="category-page">
      <header className="page-header">
        <div>
          <h1>{category.name}</h1>
          <p className="muted">{category.description}</p>
        </div>
        <Link to={`/new?category=${category.slug}`} className="button button--primary">
          Start a thread
        </Link>
      </header>
      <ThreadList threads={threads} showCategory={false} />
      <nav className="pager" aria-label="Pages">
        {paged ? <Link to={`/c/${category.slug}`}>← Newest</Link> : <span />}
        {nextCursor ? (
          <Link to={`/c/${category.slug}?before=${encodeURIComponent(nextCursor)}`} rel="next">
            Older threads →
          </Link>
        ) : null}
      </nav>
    </div>
  )
}
