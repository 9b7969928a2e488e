import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { RelativeTime } from '../components/time'
import { searchMisses } from '../domain/search/search.server'
import { pageTitle } from '../lib/meta'
import { requireActor, throwAsPage } from '../lib/request.server'
import listStyles from '../styles/lists.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: listStyles }]

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Searches that found nothing') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return { misses: await searchMisses(context.sql, actor) }
  } catch (error) {
    throwAsPage(error)
  }
}

export default function SearchMisses() {
  const { misses } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <h1>Searches that found nothing</h1>
      <p className="muted">
        The last 30 days, most asked first: what people looked for and could not find. Each is a thread or an article waiting to be written.
      </p>
      {misses.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Search</th>
              <th scope="col">Times</th>
              <th scope="col">Last</th>
            </tr>
          </thead>
          <tbody>
            {misses.map((miss) => (
              <tr key={miss.query}>
                <td>
                  <Link to={`/search?q=${encodeURIComponent(miss.query)}`}>{miss.query}</Link>
                </td>
                <td>{miss.searches}</td>
                <td>
                  <RelativeTime date={miss.lastSearchedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">Every search in the last 30 days found something.</p>
      )}
    </div>
  )
}
