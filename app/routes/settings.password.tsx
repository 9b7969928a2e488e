import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation } from '@remix-run/react'

import { fieldLinks, FormMessage, PasswordField } from '../components/field'
import { changePasswordSchema } from '../domain/auth/access.schema'
import { changePassword } from '../domain/auth/access.server'
import { parseForm } from '../lib/forms'
import { pageTitle } from '../lib/meta'
import { domainErrorResponse, requireActor, sessionKey } from '../lib/request.server'
import { retryAfterHeaders } from '../lib/retry-after'

export const links: LinksFunction = () => fieldLinks()

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Password', 'Settings') },
  { name: 'robots', content: 'noindex' },
]

/** Too many wrong passwords: the page says when to try again. */
export const headers = retryAfterHeaders

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context)
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  const parsed = parseForm(changePasswordSchema, await request.formData())
  // Passwords are never sent back, not even to their own form.
  if (!parsed.ok) return data({ ok: false as const, message: null, errors: parsed.errors, values: {} }, { status: 400 })
  try {
    const { endedSessions } = await changePassword(context.sql, actor, parsed.value, sessionKey(request, context), context.rateLimits)
    const others = endedSessions === 1 ? '1 other session was' : `${endedSessions} other sessions were`
    return { ok: true as const, message: `Your password is changed. ${others} signed out; this browser stays signed in.`, errors: {} }
  } catch (error) {
    return domainErrorResponse(error, request)
  }
}

export default function PasswordSettings() {
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const errors: Record<string, string> = result?.errors ?? {}
  const failed = result?.ok === false
  return (
    <div className="narrow stack">
      <section aria-labelledby="password-heading" className="stack">
        <h2 id="password-heading">Change password</h2>
        <p className="muted">Every other browser signed in to your account is signed out; this one stays signed in.</p>
        {/* A successful change empties the fields; a refused one does too, as passwords are never sent back. */}
        <Form method="post" className="stack" noValidate key={result?.ok ? 'done' : 'form'}>
          {result?.ok ? (
            <p className="notice" role="status">
              {result.message}
            </p>
          ) : null}
          <FormMessage message={failed ? (Object.keys(errors).length ? 'Please correct the fields below.' : result.message) : null} />
          <PasswordField name="currentPassword" label="Current password" error={errors.currentPassword} autoComplete="current-password" />
          <PasswordField label="New password" error={errors.password} hint="At least 10 characters." autoComplete="new-password" />
          <div>
            <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
              Change password
            </button>
          </div>
        </Form>
      </section>
    </div>
  )
}
