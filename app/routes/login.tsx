import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'

import { describedBy, Field, fieldLinks, FormMessage, PasswordField } from '../components/field'
import { checkLogin } from '../domain/auth/accounts.server'
import { loginSchema } from '../domain/auth/auth.schema'
import { startSession } from '../domain/auth/session.server'
import { DomainError, RateLimited, statusFor } from '../domain/errors'
import { parseForm } from '../lib/forms'
import { pageTitle } from '../lib/meta'
import { getActor } from '../lib/request.server'
import { retryAfterHeaders } from '../lib/retry-after'
import { safeNext } from '../lib/urls'
import authStyles from '../styles/auth.css'

export const links: LinksFunction = () => [...fieldLinks(), { rel: 'stylesheet', href: authStyles }]

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Sign in') }]

/** A refused sign-in says when to try again. */
export const headers = retryAfterHeaders

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getActor(request, context)) throw redirect(safeNext(new URL(request.url).searchParams.get('next')))
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const parsed = parseForm(loginSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, message: null as string | null }, { status: 400 })
  try {
    const user = await checkLogin(context.sql, parsed.value.username, parsed.value.password, context.clientAddress, context.rateLimits)
    const cookie = await startSession(context.sql, user.id, context.secure, request.headers.get('User-Agent'))
    return redirect(safeNext(String(form.get('next') ?? '')), { headers: { 'Set-Cookie': cookie } })
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const headers: HeadersInit = error instanceof RateLimited ? { 'Retry-After': String(error.retryAfterSeconds) } : {}
    return data(
      { errors: {} as Record<string, string>, values: { username: parsed.value.username }, message: error.message },
      { status: statusFor[error.code], headers },
    )
  }
}

export default function Login() {
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const errors = (result?.errors ?? {}) as Record<string, string>
  const values = (result?.values ?? {}) as Record<string, string>
  return (
    <div className="auth-card">
      <h1>Sign in</h1>
      <Form method="post" className="stack" noValidate>
        <FormMessage message={result?.message} />
        <input type="hidden" name="next" value={params.get('next') ?? ''} />
        <Field id="username" label="Username or email" error={errors.username}>
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
        <PasswordField label="Password" error={errors.password} autoComplete="current-password" />
        <p className="muted">
          <Link to="/forgot">Forgot your password?</Link>
        </p>
        <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
          Sign in
        </button>
      </Form>
      <p className="muted">
        New here?{' '}
        <Link to={`/join${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>Join the community</Link>
      </p>
    </div>
  )
}
