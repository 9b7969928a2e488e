import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { RelativeTime } from '../components/time'
import { UserLink } from '../components/user-link'
import { WordDiff } from '../components/word-diff'
import { getPostHistoryPage } from '../domain/pages/post-history.server'
import { idParam } from '../domain/threads/thread.schema'
import { pageTitle } from '../lib/meta'
import { parseParam, requireActor, throwAsPage } from '../lib/request.server'
import historyStyles from '../styles/history.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: historyStyles }]

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Edit history') }, { name: 'robots', content: 'noindex' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseParam(idParam, params.id)
  const actor = await requireActor(request, context)
  try {
    return await getPostHistoryPage(context.sql, actor, id)
  } catch (error) {
    throwAsPage(error)
  }
}

export default function PostHistory() {
  const { post, thread, href, versions, incomplete } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <h1>Edit history of post #{post.postNumber}</h1>
      <p className="muted">
        in <Link to={href}>{thread.title}</Link>
        {post.deleted ? ' (deleted)' : post.hidden ? ' (hidden)' : ''}.{' '}
        {versions.length === 1 ? 'Never edited.' : `${versions.length} versions, newest first.`} Removed words are struck through, added
        words underlined.
      </p>
      {incomplete ? <p className="notice">Some earlier versions of this post were not kept; what is known is shown.</p> : null}
      <ol className="history" reversed>
        {versions.map((version) => (
          <li key={version.revision} className="history__version">
            <article aria-labelledby={`version-${version.revision}`}>
              <h2 id={`version-${version.revision}`} className="history__heading">
                {version.revision === post.revision
                  ? 'Current version'
                  : version.revision === 1
                    ? 'Original'
                    : `Version ${version.revision}`}
                <span className="muted small">
                  {' '}
                  ·{' '}
                  {version.by ? (
                    <>
                      by <UserLink username={version.by.username} /> <RelativeTime date={version.by.at} />
                    </>
                  ) : (
                    'by someone not recorded'
                  )}
                </span>
              </h2>
              {version.changes ? (
                <WordDiff parts={version.changes} />
              ) : version.text !== null ? (
                <div className="word-diff">{version.text}</div>
              ) : (
                <p className="empty">This version’s text was not kept.</p>
              )}
            </article>
          </li>
        ))}
      </ol>
    </div>
  )
}
