import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { listAudit } from '../../db/queries/settings'
import { describedBy, Field, FormMessage } from '../components/field'
import { RelativeTime } from '../components/time'
import { DomainError } from '../domain/errors'
import { decide } from '../domain/policy.server'
import { settingsForm } from '../domain/settings/settings.schema'
import { getSettings, updateSettings } from '../domain/settings/settings.server'
import { parseForm } from '../lib/forms'
import { domainErrorResponse, requireActor } from '../lib/request.server'

export const meta: MetaFunction = () => [{ title: 'Administration · Community' }, { name: 'robots', content: 'noindex' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  const decision = decide(actor, 'admin:view')
  if (!decision.ok) throw domainErrorResponse(new DomainError(decision.code, decision.reason), request)
  const [settings, audit] = await Promise.all([getSettings(context.sql), listAudit(context.sql, 50)])
  return { settings, audit }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  const parsed = parseForm(settingsForm, await request.formData())
  if (!parsed.ok) return data({ errors: parsed.errors, message: null as string | null }, { status: 400 })
  try {
    await updateSettings(context.sql, actor, parsed.value)
    return { errors: {} as Record<string, string>, message: 'Settings saved.' }
  } catch (error) {
    throw domainErrorResponse(error, request)
  }
}

export default function Admin() {
  const { settings, audit } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors = (result?.errors ?? {}) as Record<string, string>
  const hint = 'Active votes each person may hold on open ideas. Leave empty for no limit.'
  return (
    <div className="narrow">
      <h1>Administration</h1>
      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">Community rules</h2>
        <Form method="post" className="stack">
          {result?.message ? (
            <p className="notice" role="status">
              {result.message}
            </p>
          ) : null}
          <FormMessage message={Object.keys(errors).length ? 'Please correct the field below.' : null} />
          <Field id="voteBudget" label="Idea vote budget" error={errors.voteBudget} hint={hint}>
            <input
              id="voteBudget"
              name="voteBudget"
              inputMode="numeric"
              defaultValue={settings.voteBudget ?? ''}
              aria-invalid={errors.voteBudget ? true : undefined}
              aria-describedby={describedBy('voteBudget', errors.voteBudget, hint)}
            />
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              Save rules
            </button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit log</h2>
        {audit.length === 0 ? <p className="empty">Nothing has changed yet.</p> : null}
        <ul className="audit-log">
          {audit.map((entry) => (
            <li key={entry.id}>
              <strong>{entry.actorUsername ?? 'system'}</strong> {entry.action.replace(':', ' ')}{' '}
              <code>{JSON.stringify(entry.detail)}</code>{' '}
              <span className="muted small">
                <RelativeTime date={entry.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
