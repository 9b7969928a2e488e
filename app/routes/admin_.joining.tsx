import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'

import { describedBy, Field, fieldLinks, FormMessage } from '../components/field'
import { RelativeTime } from '../components/time'
import { UserLink } from '../components/user-link'
import { INVITATION_LIFETIME_DAYS, joiningModeHints, joiningModeLabels, joiningModes } from '../domain/joining/joining.terms'
import { getJoiningAdminPage } from '../domain/pages/joining.server'
import { useIntentResult } from '../lib/intent-result'
import { runIntent } from '../lib/intents.server'
import { joiningIntents } from '../lib/intents/joining.server'
import { pageTitle } from '../lib/meta'
import { requireActor, throwAsPage } from '../lib/request.server'
import adminStyles from '../styles/admin.css'

/*
 * /admin/joining: who may join the community, the invitations sent, the
 * sign-ups waiting for approval, and the guidelines. Its own page beside
 * /admin (the trailing underscore keeps it out of admin.tsx's layout).
 */

export const links: LinksFunction = () => [...fieldLinks(), { rel: 'stylesheet', href: adminStyles }]

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Who may join', 'Administration') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return await getJoiningAdminPage(context.sql, actor)
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  return runIntent(
    joiningIntents(context),
    await request.formData(),
    { sql: context.sql, actor, id: actor.id, limits: context.rateLimits },
    request,
  )
}

/** A form's confirmation or refusal, announced where it was sent. */
function Outcome({ failed, message }: { failed: boolean; message: string | null }) {
  if (!message) return null
  return failed ? (
    <FormMessage message={message} />
  ) : (
    <p className="notice" role="status">
      {message}
    </p>
  )
}

function Rules() {
  const page = useLoaderData<typeof loader>()
  const { failed, message, errors, values } = useIntentResult('rules')
  const domainsHint = 'One per line, e.g. example.com. Only addresses at exactly these domains may join in that mode.'
  return (
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading">Who may join</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="rules" />
        <Outcome failed={failed} message={failed && Object.keys(errors).length ? 'Please correct the field below.' : message} />
        <fieldset className={`field${errors.mode ? ' field--invalid' : ''}`} aria-describedby={describedBy('mode', errors.mode)}>
          <legend>Sign-up</legend>
          <ul className="joining-modes">
            {joiningModes.map((mode) => (
              <li key={mode}>
                <label>
                  <input
                    type="radio"
                    name="mode"
                    value={mode}
                    defaultChecked={(values.mode ?? page.mode) === mode}
                    aria-describedby={`mode-${mode}-hint`}
                  />{' '}
                  {joiningModeLabels[mode]}
                </label>
                <p className="field__hint" id={`mode-${mode}-hint`}>
                  {joiningModeHints[mode]}
                </p>
              </li>
            ))}
          </ul>
          <p className="field__error" id="mode-error" aria-live="polite">
            {errors.mode ?? ''}
          </p>
        </fieldset>
        <Field id="domains" label="Domains whose addresses may join" error={errors.domains} hint={domainsHint}>
          <textarea
            id="domains"
            name="domains"
            rows={3}
            defaultValue={values.domains ?? page.domains.join('\n')}
            aria-invalid={errors.domains ? true : undefined}
            aria-describedby={describedBy('domains', errors.domains, domainsHint)}
          />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            Save who may join
          </button>
        </div>
      </Form>
    </section>
  )
}

function Invitations() {
  const { invitations } = useLoaderData<typeof loader>()
  const sent = useIntentResult('invite')
  const revoked = useIntentResult('revoke')
  const hint = `They get a link to the join form, with their address filled in. It works once, for ${INVITATION_LIFETIME_DAYS} days, whoever may join otherwise.`
  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <Outcome failed={sent.failed && !Object.keys(sent.errors).length} message={sent.message} />
        <Field id="invite-email" label="Invite by email" error={sent.errors.email} hint={hint}>
          <input
            id="invite-email"
            name="email"
            type="email"
            autoComplete="off"
            defaultValue={sent.failed ? sent.values.email : ''}
            key={sent.failed ? 'retry' : (sent.message ?? 'new')}
            aria-invalid={sent.errors.email ? true : undefined}
            aria-describedby={describedBy('invite-email', sent.errors.email, hint)}
          />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            Send the invitation
          </button>
        </div>
      </Form>
      <h3>Not used yet</h3>
      <Outcome failed={revoked.failed} message={revoked.message} />
      {invitations.length === 0 ? <p className="empty">No invitation waits to be used.</p> : null}
      <ul className="joining-list">
        {invitations.map((invitation) => (
          <li key={invitation.id}>
            <div>
              <strong>{invitation.email}</strong>
              <span className="muted small">
                {' '}
                sent <RelativeTime date={invitation.createdAt} />
                {invitation.invitedByUsername ? ` by ${invitation.invitedByUsername}` : ''};{' '}
                {invitation.expired ? (
                  <>
                    expired <RelativeTime date={invitation.expiresAt} />
                  </>
                ) : (
                  <>
                    works until <RelativeTime date={invitation.expiresAt} />
                  </>
                )}
              </span>
            </div>
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <input type="hidden" name="id" value={invitation.id} />
              <button type="submit" className="button button--ghost" aria-label={`Withdraw the invitation to ${invitation.email}`}>
                Withdraw
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Waiting() {
  const { waiting, mode } = useLoaderData<typeof loader>()
  const result = useIntentResult('approve', 'refuse')
  return (
    <section aria-labelledby="waiting-heading">
      <h2 id="waiting-heading">Waiting for approval</h2>
      <p className="muted small">
        Sign-ups made while sign-up is held for approval. They can sign in and read; approving lets them post, refusing deletes the account.
      </p>
      <Outcome failed={result.failed} message={result.message} />
      {waiting.length === 0 ? (
        <p className="empty">
          {mode === 'approval' ? 'Nobody waits for approval.' : 'Nobody waits for approval: sign-ups wait here only while sign-up is held.'}
        </p>
      ) : null}
      <ul className="joining-list">
        {waiting.map((account) => (
          <li key={account.id}>
            <div>
              <UserLink username={account.username} />{' '}
              <span className="muted small">
                {account.email} ({account.emailConfirmed ? 'address confirmed' : 'address not confirmed yet'}), joined{' '}
                <RelativeTime date={account.createdAt} />
              </span>
            </div>
            <div className="joining-list__actions">
              <Form method="post">
                <input type="hidden" name="intent" value="approve" />
                <input type="hidden" name="id" value={account.id} />
                <button type="submit" className="button" aria-label={`Approve ${account.username}`}>
                  Approve
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="refuse" />
                <input type="hidden" name="id" value={account.id} />
                <button type="submit" className="button button--danger" aria-label={`Refuse ${account.username} and delete the account`}>
                  Refuse
                </button>
              </Form>
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Guidelines() {
  const page = useLoaderData<typeof loader>()
  const { failed, message, errors, values } = useIntentResult('guidelines')
  const hint = 'Written as posts are. Shown to anyone at /guidelines.'
  const required = failed ? values.guidelinesRequired === 'on' : page.guidelinesRequired
  return (
    <section aria-labelledby="guidelines-heading">
      <h2 id="guidelines-heading">Community guidelines</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="guidelines" />
        <Outcome failed={failed} message={failed && Object.keys(errors).length ? 'Please correct the field below.' : message} />
        <Field id="guidelines" label="The guidelines, in Markdown" error={errors.guidelines} hint={hint}>
          <textarea
            id="guidelines"
            name="guidelines"
            rows={10}
            defaultValue={values.guidelines ?? page.guidelines}
            aria-invalid={errors.guidelines ? true : undefined}
            aria-describedby={describedBy('guidelines', errors.guidelines, hint)}
          />
        </Field>
        <div className="field">
          <label>
            <input type="checkbox" name="guidelinesRequired" defaultChecked={required} /> Members must accept the community guidelines to
            join
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            Save the guidelines
          </button>{' '}
          <Link to="/guidelines">See the guidelines page</Link>
        </div>
      </Form>
    </section>
  )
}

export default function Joining() {
  return (
    <div className="narrow joining-page">
      <header className="page-header">
        <div>
          <h1>Who may join</h1>
          <p className="muted">
            Sign-up, invitations, approvals and the community guidelines. Every change is in the <Link to="/admin/audit">audit log</Link>.{' '}
            <Link to="/admin">Administration</Link>
          </p>
        </div>
      </header>
      <Rules />
      <Invitations />
      <Waiting />
      <Guidelines />
    </div>
  )
}
