import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'

import { roles } from '../../db/types'
import { Badge } from '../components/badge'
import { describedBy, Field, fieldLinks, FormMessage } from '../components/field'
import { RelativeTime } from '../components/time'
import { suspendDayLabels, suspendDays } from '../domain/moderation/moderation.terms'
import { getPersonAdminPage } from '../domain/pages/admin-people.server'
import { usernameParam } from '../domain/people/people.schema'
import { roleLabels } from '../domain/people/people.terms'
import { useIntentResult } from '../lib/intent-result'
import { runIntent } from '../lib/intents.server'
import { personIntents } from '../lib/intents/people.server'
import { pageTitle } from '../lib/meta'
import { parseParam, requireActor, throwAsPage } from '../lib/request.server'
import { userUrl } from '../lib/urls'
import adminStyles from '../styles/admin.css'
import listStyles from '../styles/lists.css'

/* /admin/users/:username: one account for staff; admins also change its role or delete it. */

export const links: LinksFunction = () => [
  ...fieldLinks(),
  { rel: 'stylesheet', href: listStyles },
  { rel: 'stylesheet', href: adminStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data?.person.username ?? 'Not found', 'People') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  const username = parseParam(usernameParam, params.username)
  try {
    return await getPersonAdminPage(context.sql, actor, username)
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  const username = parseParam(usernameParam, params.username)
  return runIntent(
    personIntents(username, context),
    await request.formData(),
    { sql: context.sql, actor, id: 0, limits: context.rateLimits },
    request,
  )
}

type Flags = { open: number; upheld: number; cleared: number }

function flagSummary(flags: Flags) {
  const total = flags.open + flags.upheld + flags.cleared
  if (total === 0) return 'none'
  return `${total}: ${flags.open} open, ${flags.upheld} upheld, ${flags.cleared} cleared`
}

/** A form's outcome: what was done, or why not. */
function Outcome({ message, failed }: { message: string | null; failed: boolean }) {
  if (!message) return null
  return failed ? (
    <FormMessage message={message} />
  ) : (
    <p className="notice" role="status">
      {message}
    </p>
  )
}

export default function Person() {
  const { person, isSelf, lastAdmin, canChangeRole, canSuspend, canDelete } = useLoaderData<typeof loader>()
  const roleResult = useIntentResult('role')
  const suspendResult = useIntentResult('suspend', 'unsuspend')
  const deleteResult = useIntentResult('delete')
  const deleteErrors = deleteResult.errors
  const roleHint = lastAdmin
    ? 'The only admin: make someone else an admin before giving this account another role.'
    : 'Changing the role signs them out everywhere, and is kept in the audit log.'
  return (
    <div className="narrow">
      <header className="page-header">
        <div>
          <h1>
            {person.username}
            {person.displayName ? <span className="muted"> ({person.displayName})</span> : null}
          </h1>
          <p className="muted">
            <Link to={userUrl(person.username)}>Public profile</Link> · <Link to="/admin/users">All people</Link>
          </p>
        </div>
      </header>
      {person.suspension ? (
        <p className="notice notice--warning">
          Suspended {person.suspension.until ? <>until {new Date(person.suspension.until).toUTCString()}</> : 'for good'}:{' '}
          {person.suspension.reason}
        </p>
      ) : null}
      <dl className="person-facts">
        <div>
          <dt>Email</dt>
          <dd>
            {person.email} {person.emailVerified ? null : <Badge tone="warning">Not confirmed</Badge>}
          </dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{roleLabels[person.role]}</dd>
        </div>
        <div>
          <dt>Trust</dt>
          <dd>
            {person.trustedAt ? (
              <>
                Trusted <RelativeTime date={person.trustedAt} />
              </>
            ) : person.role === 'member' ? (
              'New: their posts wait for review'
            ) : (
              'New, but their role’s posts are never held'
            )}
          </dd>
        </div>
        <div>
          <dt>Joined</dt>
          <dd>
            <RelativeTime date={person.joinedAt} />
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>{person.lastSeenAt ? <RelativeTime date={person.lastSeenAt} /> : 'never'}</dd>
        </div>
        <div>
          <dt>Posts</dt>
          <dd>{person.posts}</dd>
        </div>
        <div>
          <dt>Reputation</dt>
          <dd>{person.reputation}</dd>
        </div>
        <div>
          <dt>Flags on their posts</dt>
          <dd>{flagSummary(person.flagsAgainst)}</dd>
        </div>
        <div>
          <dt>Flags they raised</dt>
          <dd>{flagSummary(person.flagsBy)}</dd>
        </div>
        <div>
          <dt>Sessions</dt>
          <dd>
            {person.sessions === 0 ? (
              'signed in nowhere'
            ) : (
              <>
                {person.sessions} signed in{person.sessionLastUsedAt ? <>, last used </> : null}
                {person.sessionLastUsedAt ? <RelativeTime date={person.sessionLastUsedAt} /> : null}
              </>
            )}
          </dd>
        </div>
      </dl>
      <div className="person-actions">
        {canChangeRole ? (
          <section aria-labelledby="role-heading">
            <h2 id="role-heading">Change the role</h2>
            <Form method="post" className="stack">
              <Outcome message={roleResult.message} failed={roleResult.failed} />
              <input type="hidden" name="intent" value="role" />
              <Field id="role" label="Role" error={roleResult.errors.role} hint={roleHint}>
                <select
                  id="role"
                  name="role"
                  defaultValue={person.role}
                  aria-describedby={describedBy('role', roleResult.errors.role, roleHint)}
                >
                  {roles.map((role) => (
                    <option key={role} value={role}>
                      {roleLabels[role]}
                    </option>
                  ))}
                </select>
              </Field>
              <div>
                <button type="submit" className="button button--primary">
                  Change role
                </button>
              </div>
            </Form>
          </section>
        ) : null}
        {canSuspend ? (
          <section aria-labelledby="suspend-heading">
            <h2 id="suspend-heading">Suspension</h2>
            <Outcome message={suspendResult.message} failed={suspendResult.failed} />
            {person.suspension ? (
              <Form method="post">
                <input type="hidden" name="intent" value="unsuspend" />
                <input type="hidden" name="userId" value={person.id} />
                <button type="submit" className="button">
                  Lift the suspension
                </button>
              </Form>
            ) : (
              <Form method="post" className="stack">
                <p className="muted small">A suspended member reads but cannot post, vote or flag; their sessions end now.</p>
                <input type="hidden" name="intent" value="suspend" />
                <input type="hidden" name="userId" value={person.id} />
                <Field id="days" label="For" error={suspendResult.errors.days}>
                  <select id="days" name="days" defaultValue="7" aria-describedby={describedBy('days', suspendResult.errors.days)}>
                    {suspendDays.map((d) => (
                      <option key={d} value={d}>
                        {suspendDayLabels[d]}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field id="reason" label="Reason, shown to them" error={suspendResult.errors.reason}>
                  <input
                    id="reason"
                    name="reason"
                    maxLength={500}
                    defaultValue={suspendResult.values.reason}
                    aria-invalid={suspendResult.errors.reason ? true : undefined}
                    aria-describedby={describedBy('reason', suspendResult.errors.reason)}
                  />
                </Field>
                <div>
                  <button type="submit" className="button button--danger">
                    Suspend {person.username}
                  </button>
                </div>
              </Form>
            )}
          </section>
        ) : null}
        {canDelete ? (
          <section aria-labelledby="delete-heading">
            <h2 id="delete-heading">Delete the account</h2>
            <Form method="post" className="stack" noValidate>
              <FormMessage message={deleteResult.failed ? deleteResult.message : null} />
              <p>
                Deleting happens at once and cannot be undone. Their address, profile and password are erased and they are signed out. Their
                posts stay, shown as by “deleted user”, unless you remove them too.
              </p>
              <input type="hidden" name="intent" value="delete" />
              <Field id="confirmUsername" label={`Type ${person.username} to confirm`} error={deleteErrors.confirmUsername}>
                <input
                  id="confirmUsername"
                  name="confirmUsername"
                  autoComplete="off"
                  aria-invalid={deleteErrors.confirmUsername ? true : undefined}
                  aria-describedby={describedBy('confirmUsername', deleteErrors.confirmUsername)}
                />
              </Field>
              <div className="field">
                <label>
                  <input type="checkbox" name="removePosts" /> Also remove their posts (their text is replaced by a notice)
                </label>
              </div>
              <div>
                <button type="submit" className="button button--danger">
                  Delete {person.username}’s account
                </button>
              </div>
            </Form>
          </section>
        ) : canChangeRole ? (
          <section aria-labelledby="delete-heading">
            <h2 id="delete-heading">Delete the account</h2>
            <p className="muted">
              {isSelf
                ? 'This is your own account: delete it from your settings, with your password.'
                : 'This is the last admin: make someone else an admin before deleting it.'}
            </p>
          </section>
        ) : null}
      </div>
    </div>
  )
}
