import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'

import { Badge } from '../components/badge'
import { fieldLinks } from '../components/field'
import { endOtherSessions, getSessionsPage } from '../domain/auth/access.server'
import { pageTitle } from '../lib/meta'
import { domainErrorResponse, requireActor, sessionKey, throwAsPage } from '../lib/request.server'

export const links: LinksFunction = () => fieldLinks()

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Sessions', 'Settings') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return await getSessionsPage(context.sql, actor, sessionKey(request, context))
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    const { endedSessions } = await endOtherSessions(context.sql, actor, sessionKey(request, context))
    const message =
      endedSessions === 0
        ? 'No other session was signed in.'
        : `Signed out ${endedSessions === 1 ? '1 other session' : `${endedSessions} other sessions`}. This browser stays signed in.`
    return { ok: true as const, message }
  } catch (error) {
    return domainErrorResponse(error, request)
  }
}

/** Dates as the server wrote them, in UTC: the same text on the server and in the browser, so hydration never disagrees. */
const when = (date: Date) => `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`

export default function SessionSettings() {
  const { sessions } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  return (
    <div className="narrow stack">
      <section aria-labelledby="sessions-heading" className="stack">
        <h2 id="sessions-heading">Sessions</h2>
        <p className="muted">The browsers signed in to your account. Sign out any you do not recognise, then change your password.</p>
        {result?.message ? (
          <p className={result.ok ? 'notice' : 'notice notice--warning'} role={result.ok ? 'status' : 'alert'}>
            {result.message}
          </p>
        ) : null}
        <ul className="session-list stack">
          {sessions.map((session, index) => (
            <li key={index} className="session-list__item">
              <p>
                <strong>{session.userAgent || 'Unknown browser'}</strong>{' '}
                {session.current ? <Badge tone="success">This browser</Badge> : null}
              </p>
              <p className="muted">
                Signed in <time dateTime={session.startedAt.toISOString()}>{when(session.startedAt)}</time> · last used{' '}
                <time dateTime={session.lastUsedAt.toISOString()}>{when(session.lastUsedAt)}</time>
              </p>
            </li>
          ))}
        </ul>
        <Form method="post">
          <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
            Sign out everywhere else
          </button>
        </Form>
      </section>
    </div>
  )
}
