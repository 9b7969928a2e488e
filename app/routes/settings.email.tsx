import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData, useNavigation } from '@remix-run/react'

import { Badge } from '../components/badge'
import { describedBy, Field, fieldLinks, FormMessage, PasswordField } from '../components/field'
import { getEmailSettingsPage } from '../domain/pages/email-settings.server'
import { useIntentResult } from '../lib/intent-result'
import { runIntent } from '../lib/intents.server'
import { emailIntents } from '../lib/intents/email.server'
import { pageTitle } from '../lib/meta'
import { requireActor, throwAsPage } from '../lib/request.server'
import { retryAfterHeaders } from '../lib/retry-after'

export const links: LinksFunction = () => fieldLinks()

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Email address', 'Settings') },
  { name: 'robots', content: 'noindex' },
]

/** Too many confirmation mails: the page says when to try again. */
export const headers = retryAfterHeaders

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return await getEmailSettingsPage(context.sql, actor)
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  return runIntent(emailIntents, await request.formData(), { sql: context.sql, actor, id: actor.id, limits: context.rateLimits }, request)
}

function Resend() {
  const result = useIntentResult('resend')
  return (
    <Form method="post">
      {result.message ? (
        <p className={result.failed ? 'notice notice--warning' : 'notice'} role={result.failed ? 'alert' : 'status'}>
          {result.message}
        </p>
      ) : null}
      <input type="hidden" name="intent" value="resend" />
      <button type="submit" className="button button--ghost">
        Send the confirmation again
      </button>
    </Form>
  )
}

function ChangeEmail() {
  const result = useIntentResult('change')
  const navigation = useNavigation()
  const { errors, values } = result
  const fieldErrors = Object.keys(errors).length > 0
  return (
    <Form method="post" className="stack" noValidate>
      {result.message && !result.failed ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      <FormMessage message={result.failed ? (fieldErrors ? 'Please correct the fields below.' : result.message) : null} />
      <input type="hidden" name="intent" value="change" />
      <Field id="email" label="New email address" error={errors.email}>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          // A successful change clears the field; a refused one keeps what was typed.
          key={result.failed ? 'typed' : 'blank'}
          defaultValue={result.failed ? values.email : ''}
          required
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={describedBy('email', errors.email)}
        />
      </Field>
      <PasswordField label="Current password" error={errors.password} autoComplete="current-password" />
      <div>
        <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
          Change email
        </button>
      </div>
    </Form>
  )
}

export default function EmailSettings() {
  const { email, confirmed, pending } = useLoaderData<typeof loader>()
  return (
    <div className="narrow stack">
      <section aria-labelledby="address-heading" className="stack">
        <h2 id="address-heading">Email address</h2>
        <p>
          <strong>{email}</strong> {confirmed ? <Badge tone="success">Confirmed</Badge> : <Badge tone="warning">Not confirmed</Badge>}
        </p>
        {confirmed ? null : (
          <p className="muted">Open the link we sent to this address to confirm it. Until then, no notification mail goes to it.</p>
        )}
        {pending ? (
          <p className="notice">
            Waiting for you to confirm <strong>{pending.email}</strong>
            {pending.expired ? ': its link has expired, so send it again.' : '.'} Your address stays {email} until you do.
          </p>
        ) : null}
        {!confirmed || pending ? <Resend /> : null}
      </section>
      <section aria-labelledby="change-heading" className="stack">
        <h2 id="change-heading">Change email</h2>
        <p className="muted">We send a link to the new address; your address changes once you open it and confirm.</p>
        <ChangeEmail />
      </section>
    </div>
  )
}
