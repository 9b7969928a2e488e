import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'

import { RelativeTime } from '../components/time'
import { getNotificationsPage } from '../domain/notifications/inbox.server'
import { idParam } from '../domain/threads/thread.schema'
import { useIntentResult } from '../lib/intent-result'
import { runIntent } from '../lib/intents.server'
import { notificationIntents } from '../lib/intents/notifications.server'
import { subscribe } from '../lib/live'
import { pageTitle } from '../lib/meta'
import { parseParam, requireActor, throwAsPage } from '../lib/request.server'
import notificationStyles from '../styles/notifications.css'

/*
 * /notifications: what a member has heard about, newest first. New ones
 * arrive live (the list reloads when the member's own room says so); items
 * about something they can no longer see are left out.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: notificationStyles }]

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Notifications') }, { name: 'robots', content: 'noindex' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  const params = new URL(request.url).searchParams
  const before = params.has('before') ? parseParam(idParam, params.get('before')) : undefined
  try {
    return await getNotificationsPage(context.sql, actor, before)
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  return runIntent(notificationIntents, await request.formData(), { sql: context.sql, actor, id: 0, limits: context.rateLimits }, request)
}

export default function Notifications() {
  const { items, nextBefore } = useLoaderData<typeof loader>()
  const result = useIntentResult('read', 'readAll')
  const revalidator = useRevalidator()
  useEffect(
    () =>
      subscribe({
        room: 'me',
        onEvent: (event) => {
          if (event.type === 'notifications:created' || event.type === 'notifications:read') revalidator.revalidate()
        },
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one subscription for the page's life
    [],
  )
  const unread = items.some((n) => !n.read)
  return (
    <div className="narrow notifications">
      <div className="notifications__head">
        <h1>Notifications</h1>
        <Form method="post">
          <input type="hidden" name="intent" value="readAll" />
          <button type="submit" className="button" disabled={!unread}>
            Mark all read
          </button>
        </Form>
      </div>
      <p className="muted">
        Replies to your threads, mentions, answers and ideas you care about.{' '}
        <Link to="/settings/notifications">Choose what comes by email</Link>.
      </p>
      <div role="status">
        {result.message ? <p className={result.failed ? 'notice notice--warning' : 'notice'}>{result.message}</p> : null}
      </div>
      {items.length === 0 ? (
        <p className="empty">Nothing yet. When someone replies to you, mentions you or answers your question, you will see it here.</p>
      ) : (
        <ul className="notification-list">
          {items.map((n) => (
            <li key={n.id} className={`notification${n.read ? '' : ' notification--unread'}`}>
              <div>
                <p className="notification__text">
                  {n.read ? null : <span className="visually-hidden">Unread: </span>}
                  {n.href ? <Link to={n.href}>{n.text}</Link> : n.text}
                </p>
                {n.note ? <p className="notification__note muted">{n.note}</p> : null}
              </div>
              <div className="notification__meta">
                <RelativeTime date={n.createdAt} />
                {n.read ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="notificationId" value={n.id} />
                    <button type="submit" className="button button--ghost button--small">
                      Mark read
                    </button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {nextBefore ? (
        <p>
          <Link to={`?before=${nextBefore}`}>Older notifications</Link>
        </p>
      ) : null}
    </div>
  )
}
