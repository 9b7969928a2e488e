import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'

import { describedBy, Field, fieldLinks, FormMessage, PasswordField } from '../components/field'
import { signUp } from '../domain/auth/accounts.server'
import { joinSchema } from '../domain/auth/auth.schema'
import { startSession } from '../domain/auth/session.server'
import { DomainError, RateLimited, statusFor } from '../domain/errors'
import { parseForm } from '../lib/forms'
import { pageTitle } from '../lib/meta'
import { noticeCookie } from '../lib/notice.server'
import { getActor } from '../lib/request.server'
import { retryAfterHeaders } from '../lib/retry-after'
import { safeNext } from '../lib/urls'
import authStyles from '../styles/auth.css'

export const links: LinksFunction = () => [...fieldLinks(), { rel: 'stylesheet', href: authStyles }]

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Join') }]

/** Too many sign-ups from one address: the page says when to try again. */
export const headers = retryAfterHeaders

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getActor(request, context)) throw redirect(safeNext(new URL(request.url).searchParams.get('next')))
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const parsed = parseForm(joinSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, message: null }, { status: 400 })
  try {
    const user = await signUp(context.sql, parsed.value, context.clientAddress, context.rateLimits)
    const cookie = await startSession(context.sql, user.id, context.secure, request.headers.get('User-Agent'))
    const headers = new Headers([
      ['Set-Cookie', cookie],
      ['Set-Cookie', noticeCookie('check-email', context.secure)],
    ])
    return redirect(safeNext(String(form.get('next') ?? '')), { headers })
  } catch (error) {
    if (error instanceof DomainError) {
      const { username, email } = parsed.value
      const headers: HeadersInit = error instanceof RateLimited ? { 'Retry-After': String(error.retryAfterSeconds) } : {}
      return data({ errors: error.fields, values: { username, email }, message: error.message }, { status: statusFor[error.code], headers })
    }
    throw error
  }
}

export default function Join() {
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const errors = (result && 'errors' in result ? result.errors : {}) as Record<string, string>
  const values = (result && 'values' in result ? result.values : {}) as Record<string, string>
  return (
    <div className="auth-card">
      <h1>Join the community</h1>
      <Form method="post" className="stack" noValidate>
        <FormMessage message={result && 'message' in result && Object.keys(errors).length === 0 ? (result.message as string) : null} />
        <input type="hidden" name="next" value={params.get('next') ?? ''} />
        <Field id="username" label="Username" error={errors.username}>
          <input
            id="username"
            name="username"
            autoComplete="username"
            defaultValue={values.username}
            required
            aria-invalid={errors.username ? true : undefined}
            aria-describedby={describedBy('username', errors.username)}
          />
        </Field>
        <Field id="email" label="Email" error={errors.email}>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={values.email}
            required
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={describedBy('email', errors.email)}
          />
        </Field>
        <PasswordField label="Password" error={errors.password} hint="At least 10 characters." autoComplete="new-password" />
        <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
          Create account
        </button>
      </Form>
      <p className="muted">
        Already a member? <Link to={`/login${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>Sign in</Link>
      </p>
    </div>
  )
}
