import { data, type ActionFunctionArgs, type LinksFunction, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'

import { describedBy, Field, fieldLinks, FormMessage } from '../components/field'
import { RESET_LIFETIME_HOURS } from '../domain/auth/access.terms'
import { requestPasswordReset } from '../domain/auth/reset.server'
import { DomainError, RateLimited, statusFor } from '../domain/errors'
import { pageTitle } from '../lib/meta'
import { retryAfterHeaders } from '../lib/retry-after'
import authStyles from '../styles/auth.css'

/*
 * /forgot: asks for the account's address and sends a reset link to it. The
 * answer is the same whether or not an account uses the address, so the page
 * tells nobody which addresses have accounts.
 */

export const links: LinksFunction = () => [...fieldLinks(), { rel: 'stylesheet', href: authStyles }]

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Forgot your password?') },
  { name: 'robots', content: 'noindex' },
]

/** Too many requests: the page says when to try again. */
export const headers = retryAfterHeaders

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const email = String(form.get('email') ?? '')
  try {
    await requestPasswordReset(context.sql, { email }, context.clientAddress, context.rateLimits)
    return data({ sent: true, email: email.trim(), message: null, errors: {} as Record<string, string> })
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const headers: HeadersInit = error instanceof RateLimited ? { 'Retry-After': String(error.retryAfterSeconds) } : {}
    const fieldErrors = Object.keys(error.fields).length > 0
    return data(
      { sent: false, email, message: fieldErrors ? null : error.message, errors: error.fields },
      { status: statusFor[error.code], headers },
    )
  }
}

export default function Forgot() {
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  if (result?.sent) {
    return (
      <div className="auth-card">
        <h1>Check your email</h1>
        <p role="status">
          If an account uses <strong>{result.email}</strong>, we sent a link to it. Open it within {RESET_LIFETIME_HOURS} hour to choose a
          new password.
        </p>
        <p className="muted">
          Nothing there? Check your spam folder, or <Link to="/forgot">try another address</Link>.
        </p>
      </div>
    )
  }
  const error = result?.errors.email
  return (
    <div className="auth-card">
      <h1>Forgot your password?</h1>
      <Form method="post" className="stack" noValidate>
        <FormMessage message={result?.message} />
        <p>Enter the email address of your account, and we will send you a link to choose a new password.</p>
        <Field id="email" label="Email address" error={error}>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={result?.email}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy('email', error)}
          />
        </Field>
        <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
          Send the link
        </button>
      </Form>
      <p className="muted">
        Remembered it? <Link to="/login">Sign in</Link>
      </p>
    </div>
  )
}
