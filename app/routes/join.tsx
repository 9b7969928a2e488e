import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'

import { describedBy, Field, fieldLinks, FormMessage, PasswordField } from '../components/field'
import { signUp } from '../domain/auth/accounts.server'
import { startSession } from '../domain/auth/session.server'
import { DomainError, RateLimited, statusFor } from '../domain/errors'
import { joinFormSchema } from '../domain/joining/joining.schema'
import { listDomains } from '../domain/joining/joining.terms'
import { getJoinPage } from '../domain/pages/joining.server'
import type { User } from '../domain/policy.server'
import { parseForm } from '../lib/forms'
import { pageTitle } from '../lib/meta'
import { noticeCookie, type NoticeName } from '../lib/notice.server'
import { getActor } from '../lib/request.server'
import { retryAfterHeaders } from '../lib/retry-after'
import { safeNext } from '../lib/urls'
import authStyles from '../styles/auth.css'

export const links: LinksFunction = () => [...fieldLinks(), { rel: 'stylesheet', href: authStyles }]

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Join') }]

/**
 * Too many sign-ups from one address: the page says when to try again. A
 * page opened by an invitation is about that invitation as it is now (used,
 * withdrawn), so no cache keeps it.
 */
export const headers: HeadersFunction = (args) => {
  const headers = new Headers(retryAfterHeaders(args))
  const cacheControl = args.loaderHeaders.get('Cache-Control')
  if (cacheControl) headers.set('Cache-Control', cacheControl)
  return headers
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams
  if (await getActor(request, context)) throw redirect(safeNext(params.get('next')))
  const invite = params.get('invite')
  return data(await getJoinPage(context.sql, invite), { headers: invite ? { 'Cache-Control': 'private, no-store' } : {} })
}

/** What the page a new member lands on says: what their account waits for, if anything. */
function welcomeFor(user: User & { confirmationSent: boolean }): NoticeName {
  if (user.waitingFor === 'approval') return 'awaiting-approval'
  if (user.waitingFor === 'address') return 'confirm-to-post'
  return user.confirmationSent ? 'check-email' : 'welcome'
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const parsed = parseForm(joinFormSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, message: null }, { status: 400 })
  try {
    const user = await signUp(context.sql, parsed.value, context.clientAddress, context.rateLimits)
    const cookie = await startSession(context.sql, user.id, context.secure, request.headers.get('User-Agent'))
    const headers = new Headers([
      ['Set-Cookie', cookie],
      ['Set-Cookie', noticeCookie(welcomeFor(user), context.secure)],
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
  const page = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const errors = (result && 'errors' in result ? result.errors : {}) as Record<string, string>
  const values = (result && 'values' in result ? result.values : {}) as Record<string, string>
  const invitation = page.invitation === 'invalid' ? null : page.invitation
  const invite = params.get('invite') ?? ''
  const emailHint = page.mode === 'domains' && page.domains.length ? `Use your address at ${listDomains(page.domains)}.` : undefined
  const signInLink = (
    <p className="muted">
      Already a member? <Link to={`/login${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>Sign in</Link>
    </p>
  )
  return (
    <div className="auth-card">
      <h1>Join the community</h1>
      {page.invitation === 'invalid' ? (
        <p className="notice notice--warning">This invitation link is not valid. Check that you copied all of it.</p>
      ) : invitation?.refusal ? (
        <p className="notice notice--warning">{invitation.refusal}</p>
      ) : invitation ? (
        <p className="notice">You are invited to join with {invitation.email}.</p>
      ) : null}
      {!page.formOpen ? (
        <>
          <p>Joining this community is by invitation. Ask its admins to invite you: the link they send you opens this form.</p>
          {signInLink}
        </>
      ) : (
        <>
          {page.mode === 'approval' && !invitation?.email ? (
            <p className="muted">An admin approves new accounts before they post. You can sign in and read meanwhile.</p>
          ) : null}
          <Form method="post" className="stack" noValidate>
            <FormMessage message={result && 'message' in result && Object.keys(errors).length === 0 ? (result.message as string) : null} />
            <input type="hidden" name="next" value={params.get('next') ?? ''} />
            {invitation?.state === 'ready' ? <input type="hidden" name="invite" value={invite} /> : null}
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
            <Field id="email" label="Email" error={errors.email} hint={emailHint}>
              <input
                id="email"
                name="email"
                type="email"
                autoComplete="email"
                defaultValue={values.email ?? (invitation?.state === 'ready' ? invitation.email : undefined)}
                required
                aria-invalid={errors.email ? true : undefined}
                aria-describedby={describedBy('email', errors.email, emailHint)}
              />
            </Field>
            <PasswordField label="Password" error={errors.password} hint="At least 10 characters." autoComplete="new-password" />
            {page.guidelinesRequired ? (
              <div className={`field${errors.acceptGuidelines ? ' field--invalid' : ''}`}>
                <label>
                  <input
                    type="checkbox"
                    name="acceptGuidelines"
                    required
                    aria-invalid={errors.acceptGuidelines ? true : undefined}
                    aria-describedby={['acceptGuidelines-hint', errors.acceptGuidelines ? 'acceptGuidelines-error' : ''].join(' ').trim()}
                  />{' '}
                  I accept the community guidelines
                </label>
                <p className="field__hint" id="acceptGuidelines-hint">
                  <Link to="/guidelines" target="_blank">
                    Read the community guidelines
                  </Link>{' '}
                  (opens in a new tab)
                </p>
                <p className="field__error" id="acceptGuidelines-error" aria-live="polite">
                  {errors.acceptGuidelines ?? ''}
                </p>
              </div>
            ) : null}
            <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
              Create account
            </button>
          </Form>
          {signInLink}
        </>
      )}
    </div>
  )
}
