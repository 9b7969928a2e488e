import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'

import { readUnsubscribe, unsubscribe } from '../domain/notifications/unsubscribe.server'
import { pageTitle } from '../lib/meta'
import { throwAsPage } from '../lib/request.server'
import authStyles from '../styles/auth.css'

/*
 * /unsubscribe/:token, the link at the foot of every notification mail.
 * It works signed out. Opening it only asks (mail scanners open links);
 * the button, or a mail program's one-click unsubscribe (RFC 8058, a POST
 * from anywhere, which server/security.ts lets through for this path
 * alone), does it.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authStyles }]

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Unsubscribe') }, { name: 'robots', content: 'noindex' }]

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const found = await readUnsubscribe(context.sql, params.token)
    return { what: found.what, username: found.username }
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ params, context }: ActionFunctionArgs) {
  try {
    const done = await unsubscribe(context.sql, params.token)
    return { done: true as const, what: done.what, username: done.username }
  } catch (error) {
    throwAsPage(error)
  }
}

export default function Unsubscribe() {
  const { what, username } = useLoaderData<typeof loader>()
  const done = useActionData<typeof action>()
  if (done) {
    return (
      <div className="auth-card">
        <h1>Unsubscribed</h1>
        <p className="notice" role="status">
          {`No more ${done.what} for ${done.username}.`}
        </p>
        <p>
          You can turn it back on, or choose a daily digest instead, in your <Link to="/settings/notifications">notification settings</Link>
          .
        </p>
      </div>
    )
  }
  return (
    <div className="auth-card">
      <h1>Unsubscribe</h1>
      <p>{`Stop ${what} for ${username}?`}</p>
      <Form method="post">
        <button type="submit" className="button button--primary">
          Unsubscribe
        </button>
      </Form>
      <p className="muted">
        Or choose exactly what you get in your <Link to="/settings/notifications">notification settings</Link>.
      </p>
    </div>
  )
}
