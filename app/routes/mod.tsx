import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'

import { Badge } from '../components/badge'
import { RelativeTime } from '../components/time'
import { UserLink } from '../components/user-link'
import { flagReasonLabels, suspendDayLabels, suspendDays } from '../domain/moderation/moderation.terms'
import { getModerationQueue } from '../domain/pages/moderation.server'
import { useIntentResult } from '../lib/intent-result'
import { runIntent } from '../lib/intents.server'
import { queueIntents } from '../lib/intents/queue.server'
import { pageTitle } from '../lib/meta'
import { requireActor, throwAsPage } from '../lib/request.server'
import { postUrl } from '../lib/urls'
import listStyles from '../styles/lists.css'
import modStyles from '../styles/moderation.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: listStyles },
  { rel: 'stylesheet', href: modStyles },
]

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Moderation') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  const order = new URL(request.url).searchParams.get('order') === 'most' ? 'most' : 'newest'
  try {
    return await getModerationQueue(context.sql, actor, order)
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  return runIntent(queueIntents, await request.formData(), { sql: context.sql, actor, id: 0, limits: context.rateLimits }, request)
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>['items'][number]

function QueueItem({ item }: { item: Item }) {
  const days = Math.max(0, Math.round((Date.now() - new Date(item.authorJoinedAt).getTime()) / 86_400_000))
  // A held reply has no number until it is approved.
  const name = item.postNumber === null ? `new reply in ${item.threadTitle}` : `post #${item.postNumber} in ${item.threadTitle}`
  return (
    <li className="queue-item">
      <header className="queue-item__header">
        <Link to={postUrl({ id: item.threadId, slug: item.threadSlug }, item.postNumber)}>
          {item.threadTitle} · {item.postNumber === null ? 'new reply' : `#${item.postNumber}`}
        </Link>
        {item.held ? <Badge tone="info">Held: new member</Badge> : null}
        {item.hiddenAt ? <Badge tone="warning">Hidden</Badge> : null}
        <span className="muted small">
          {item.held ? (
            <>
              waiting since <RelativeTime date={item.waitingSince} />
            </>
          ) : (
            <>
              {item.flagCount} {item.flagCount === 1 ? 'flag' : 'flags'}, last <RelativeTime date={item.waitingSince} />
            </>
          )}
        </span>
      </header>
      <blockquote className="queue-item__post">{item.excerpt}</blockquote>
      <p className="muted small">
        By <UserLink username={item.authorUsername} />: joined {days} {days === 1 ? 'day' : 'days'} ago, {item.authorPosts}{' '}
        {item.authorPosts === 1 ? 'post' : 'posts'}, {item.authorFlagsUpheld} {item.authorFlagsUpheld === 1 ? 'flag' : 'flags'} upheld
        before
        {item.suspended ? ' · suspended now' : ''}
      </p>
      <ul className="queue-item__flags">
        {item.flags.map((flag, i) => (
          <li key={i}>
            <strong>{flagReasonLabels[flag.reason]}</strong> from {flag.username}
            {flag.note ? `: “${flag.note}”` : ''}
          </li>
        ))}
      </ul>
      <div className="queue-item__actions">
        <Form method="post" className="inline-form">
          <input type="hidden" name="postId" value={item.postId} />
          <button type="submit" name="intent" value="approve" className="button button--small button--primary">
            Approve<span className="visually-hidden"> {name}</span>
          </button>
          {item.hiddenAt || item.held ? null : (
            <button type="submit" name="intent" value="hide" className="button button--small">
              Hide<span className="visually-hidden"> {name}</span>
            </button>
          )}
          <button type="submit" name="intent" value="delete" className="button button--small button--danger">
            Delete<span className="visually-hidden"> {name}</span>
          </button>
          <label className="queue-item__reason">
            <span className="visually-hidden">Why hide or delete {name} (optional)</span>
            <input name="reason" maxLength={500} placeholder="Reason (optional)" />
          </label>
        </Form>
        {item.canSuspend && !item.suspended ? (
          <details className="queue-item__suspend">
            <summary className="button button--small button--ghost">Suspend {item.authorUsername}</summary>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="suspend" />
              <input type="hidden" name="userId" value={item.authorId} />
              <label>
                For
                <select name="days" defaultValue="7">
                  {suspendDays.map((d) => (
                    <option key={d} value={d}>
                      {suspendDayLabels[d]}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Reason, shown to them
                <input name="reason" required minLength={3} maxLength={500} />
              </label>
              <button type="submit" className="button button--small button--danger">
                Suspend {item.authorUsername}
              </button>
            </Form>
          </details>
        ) : null}
      </div>
    </li>
  )
}

export default function ModerationQueue() {
  const { items, order } = useLoaderData<typeof loader>()
  const result = useIntentResult('approve', 'hide', 'delete', 'suspend')
  return (
    <div className="narrow">
      <h1>Moderation</h1>
      <p className="muted">
        Flagged posts, and new members’ first posts, wait here for a decision. Approving clears the flags and shows a hidden post again, or
        makes a held post public. <Link to="/mod/uploads">Uploads</Link> lists the files members attached.
      </p>
      {result.message ? (
        <p className={result.failed ? 'notice notice--warning' : 'notice'} role={result.failed ? 'alert' : 'status'}>
          {result.message}
          {Object.values(result.errors).length ? ` ${Object.values(result.errors).join(' ')}` : ''}
        </p>
      ) : null}
      <nav aria-label="Order" className="segmented">
        <Link to="/mod" aria-current={order === 'newest' ? 'page' : undefined}>
          Newest
        </Link>
        <Link to="/mod?order=most" aria-current={order === 'most' ? 'page' : undefined}>
          Most flagged
        </Link>
      </nav>
      {items.length ? (
        <ol className="queue">
          {items.map((item) => (
            <QueueItem key={item.postId} item={item} />
          ))}
        </ol>
      ) : (
        <p className="empty">Nothing waits for review.</p>
      )}
    </div>
  )
}
