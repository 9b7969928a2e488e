import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react'

import { confirmAddress, LinkRefused, readConfirmation, type LinkState } from '../domain/addresses/confirmation.server'
import { DomainError, statusFor } from '../domain/errors'
import { pageTitle } from '../lib/meta'
import { throwAsPage } from '../lib/request.server'
import authStyles from '../styles/auth.css'

/*
 * The page a confirmation mail links to. Opening it changes nothing (mail
 * scanners and link previews follow links); its button confirms. It works
 * signed out: the signed link is the proof.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authStyles }]

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Confirm your email address') },
  { name: 'robots', content: 'noindex' },
]

/** The address holds a secret, and the page's answer changes once it is used: no cache keeps it. (Other sites get only our origin as Referer.) */
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const link = await readConfirmation(context.sql, params.token)
    return data(link, { status: link.state === 'ready' ? 200 : statusFor.gone })
  } catch (error) {
    throwAsPage(error)
  }
}

/** After the button, its answer is the page: the link's state, loaded again, would only say it is spent. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === 'POST' ? false : defaultShouldRevalidate

export async function action({ params, context }: ActionFunctionArgs) {
  try {
    const done = await confirmAddress(context.sql, params.token)
    // Said outright: the page's loader, run again after this, finds the link spent and would answer 410.
    return data({ outcome: 'confirmed' as const, email: done.email, message: '' }, { status: 200 })
  } catch (error) {
    if (error instanceof LinkRefused) return data({ outcome: error.state, email: error.email, message: error.message }, { status: 410 })
    if (error instanceof DomainError && error.code === 'conflict') {
      return data({ outcome: 'taken' as const, email: '', message: error.message }, { status: 409 })
    }
    throwAsPage(error)
  }
}

/** Where a refused link leaves the reader: a new link is one button away in their settings (signing in first if needed). */
function Refused({
  state,
  email,
  message,
  confirmed,
}: {
  state: Exclude<LinkState, 'ready'>
  email: string
  message: string
  confirmed: boolean
}) {
  if (state === 'used' && confirmed) {
    return (
      <>
        <p>
          {message} <strong>{email}</strong> is confirmed.
        </p>
        <p>
          <Link to="/">Go to the community</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <p className="notice notice--warning" role="alert">
        {message}
      </p>
      <p>
        Get a new link from <Link to="/settings/email">your email settings</Link>: “Send the confirmation again”.
      </p>
    </>
  )
}

export default function VerifyEmail() {
  const link = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  if (result?.outcome === 'confirmed') {
    return (
      <div className="auth-card">
        <h1>Address confirmed</h1>
        <p role="status">
          Thank you: <strong>{result.email}</strong> is your confirmed address.
        </p>
        <p>
          <Link to="/">Go to the community</Link>
        </p>
      </div>
    )
  }
  if (result?.outcome === 'taken') {
    return (
      <div className="auth-card">
        <h1>Address not changed</h1>
        <p className="notice notice--warning" role="alert">
          {result.message}
        </p>
        <p>
          Choose another in <Link to="/settings/email">your email settings</Link>.
        </p>
      </div>
    )
  }
  const refused = result
    ? { state: result.outcome, message: result.message }
    : link.refusal
      ? { state: link.state, message: link.refusal }
      : null
  return (
    <div className="auth-card">
      <h1>Confirm your email address</h1>
      {refused && refused.state !== 'ready' ? (
        <Refused state={refused.state} email={link.email} message={refused.message} confirmed={link.confirmed} />
      ) : (
        <Form method="post" className="stack">
          <p>
            Confirm that <strong>{link.email}</strong> is your address, so the community can send you mail there.
          </p>
          <div>
            <button type="submit" className="button button--primary">
              Confirm
            </button>
          </div>
        </Form>
      )}
    </div>
  )
}
