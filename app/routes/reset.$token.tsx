import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'

import { fieldLinks, FormMessage, PasswordField } from '../components/field'
import { readPasswordReset, resetPassword, ResetRefused } from '../domain/auth/reset.server'
import { startSession } from '../domain/auth/session.server'
import { DomainError, statusFor } from '../domain/errors'
import { pageTitle } from '../lib/meta'
import { noticeCookie } from '../lib/notice.server'
import authStyles from '../styles/auth.css'

/*
 * The page a password reset mail links to. Opening it changes nothing (mail
 * scanners follow links); its form sets the new password, signs every
 * session of the account out and this browser in. It works signed out: the
 * signed link is the proof.
 */

export const links: LinksFunction = () => [...fieldLinks(), { rel: 'stylesheet', href: authStyles }]

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Choose a new password') },
  { name: 'robots', content: 'noindex' },
]

/** The address holds a secret, and the page's answer changes once it is used: no cache keeps it. */
export const headers = () => ({ 'Cache-Control': 'no-store' })

type Refusal = { state: 'used' | 'superseded' | 'expired' | 'invalid'; message: string }

/** A link that does not work, as the page shows it: why, with its status. */
function refusalOf(error: unknown): { refusal: Refusal; status: number } | null {
  if (error instanceof ResetRefused) return { refusal: { state: error.state, message: error.message }, status: statusFor.gone }
  if (error instanceof DomainError && error.code === 'not_found') {
    return { refusal: { state: 'invalid', message: error.message }, status: statusFor.not_found }
  }
  return null
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const link = await readPasswordReset(context.sql, params.token)
    if (link.state === 'ready') return data({ username: link.username, refusal: null as Refusal | null })
    return data(
      { username: link.username, refusal: { state: link.state, message: link.refusal ?? '' } as Refusal | null },
      { status: statusFor.gone },
    )
  } catch (error) {
    const refused = refusalOf(error)
    if (!refused) throw error
    return data({ username: '', refusal: refused.refusal as Refusal | null }, { status: refused.status })
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData()
  try {
    // The domain checks the link before the password: on a dead link, the link is what the reader needs to hear about.
    const { userId } = await resetPassword(context.sql, params.token, { password: String(form.get('password') ?? '') })
    const headers = new Headers([
      ['Set-Cookie', await startSession(context.sql, userId, context.secure, request.headers.get('User-Agent'))],
      ['Set-Cookie', noticeCookie('password-reset', context.secure)],
    ])
    return redirect('/', { headers })
  } catch (error) {
    const refused = refusalOf(error)
    if (refused)
      return data({ refusal: refused.refusal as Refusal | null, errors: {} as Record<string, string> }, { status: refused.status })
    if (error instanceof DomainError)
      return data({ refusal: null as Refusal | null, errors: error.fields }, { status: statusFor[error.code] })
    throw error
  }
}

/** Where a link that does not work leaves the reader: a new one is one form away. */
function Refused({ refusal }: { refusal: Refusal }) {
  return (
    <>
      <p className="notice notice--warning" role="alert">
        {refusal.message}
      </p>
      <p>
        <Link to="/forgot" className="button button--primary">
          Send me a new link
        </Link>
      </p>
      <p className="muted">
        Remembered your password? <Link to="/login">Sign in</Link>
      </p>
    </>
  )
}

export default function ResetPassword() {
  const link = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const refusal = result?.refusal ?? link.refusal
  const errors = result?.errors ?? {}
  return (
    <div className="auth-card">
      <h1>Choose a new password</h1>
      {refusal ? (
        <Refused refusal={refusal} />
      ) : (
        <Form method="post" className="stack" noValidate>
          <FormMessage message={Object.keys(errors).length ? 'Please check the form.' : null} />
          <p>
            Choose a new password for <strong>{link.username}</strong>. Every browser signed in to your account will be signed out, and this
            one signed in.
          </p>
          <input type="text" name="username" value={link.username} autoComplete="username" readOnly hidden />
          <PasswordField label="New password" error={errors.password} autoComplete="new-password" hint="At least 10 characters." />
          <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
            Set the new password
          </button>
        </Form>
      )}
    </div>
  )
}
