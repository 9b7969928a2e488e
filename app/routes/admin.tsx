import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'

import { AuditEntry } from '../components/audit-entry'
import { describedBy, Field, fieldLinks, FormMessage } from '../components/field'
import { getAdminPage } from '../domain/pages/admin.server'
import { ruleGroups, type RuleField } from '../domain/settings/rules'
import type { Settings } from '../domain/settings/settings.schema'
import { searchLanguages } from '../domain/settings/settings.terms'
import { useIntentResult } from '../lib/intent-result'
import { runIntent } from '../lib/intents.server'
import { adminIntents } from '../lib/intents/admin.server'
import { pageTitle } from '../lib/meta'
import { requireActor, throwAsPage } from '../lib/request.server'
import adminStyles from '../styles/admin.css'

export const links: LinksFunction = () => [...fieldLinks(), { rel: 'stylesheet', href: adminStyles }]

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Administration') }, { name: 'robots', content: 'noindex' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return await getAdminPage(context.sql, actor)
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  const form = await request.formData()
  const args = { sql: context.sql, actor, id: actor.id, limits: context.rateLimits }
  // A form without an intent is the rules form, as it always was.
  const result = await runIntent(adminIntents, form, args, request, 'rules')
  // This process applies new rules at once (upload sizes, image hosts); others hear the event.
  await context.reloadSettings()
  return result
}

const RESET_FORM = 'reset-rule'

/** How a rule's value reads in its field. */
function fieldValue(field: RuleField, settings: Settings): string {
  const value = settings[field.key]
  if (field.control === 'hosts') return (value as string[]).join('\n')
  if (field.control === 'fileTypes') return (value as string[]).join(', ')
  return value === null ? '' : String(value)
}

function RuleControl({ field, value, error }: { field: RuleField; value: string; error?: string }) {
  const common = {
    id: field.key,
    name: field.key,
    defaultValue: value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(field.key, error, field.hint),
  }
  switch (field.control) {
    case 'hosts':
      return <textarea {...common} rows={3} />
    case 'language':
      return (
        <select {...common}>
          {searchLanguages.map((language) => (
            <option key={language} value={language}>
              {language === 'simple' ? 'Any (no stemming)' : language[0].toUpperCase() + language.slice(1)}
            </option>
          ))}
        </select>
      )
    case 'fileTypes':
      return <input {...common} />
    case 'timeZone':
      return <input {...common} autoComplete="off" spellCheck={false} />
    case 'number':
      return <input {...common} inputMode="numeric" />
  }
}

export default function Admin() {
  const { settings, defaults, audit } = useLoaderData<typeof loader>()
  const rules = useIntentResult('rules', 'reset')
  const errors = rules.errors
  return (
    <div className="narrow admin-page">
      <h1>Administration</h1>
      <nav aria-label="Administration" className="admin-nav">
        <ul>
          <li>
            <Link to="/admin/users">People</Link>
          </li>
          <li>
            <Link to="/admin/categories">Categories</Link>
          </li>
          <li>
            <Link to="/admin/identity">Identity</Link>
          </li>
          <li>
            <Link to="/admin/joining">Who may join</Link>
          </li>
          <li>
            <Link to="/admin/audit">Audit log</Link>
          </li>
        </ul>
      </nav>
      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">Community rules</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="rules" />
          {rules.message && !rules.failed ? (
            <p className="notice" role="status">
              {rules.message}
            </p>
          ) : null}
          <FormMessage message={rules.failed ? (rules.message ?? 'Please correct the field below.') : null} />
          {ruleGroups.map((group) => (
            <fieldset key={group.id} className="rule-group" aria-describedby={`${group.id}-intro`}>
              <legend>{group.title}</legend>
              <p id={`${group.id}-intro`} className="muted small">
                {group.intro}
              </p>
              {group.fields.map((field) => (
                <Field key={field.key} id={field.key} label={field.label} error={errors[field.key]} hint={field.hint}>
                  <RuleControl
                    // A reset shows the value now in force.
                    key={`${field.key}:${fieldValue(field, settings)}`}
                    field={field}
                    value={fieldValue(field, settings)}
                    error={errors[field.key]}
                  />
                  <p className="rule-default small">
                    <span className="muted">Default: {defaults[field.key].text}</span>
                    {defaults[field.key].isDefault ? null : (
                      <button type="submit" form={RESET_FORM} name="key" value={field.key} className="button button--ghost button--small">
                        Reset to default<span className="visually-hidden"> ({field.label})</span>
                      </button>
                    )}
                  </p>
                </Field>
              ))}
            </fieldset>
          ))}
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              Save rules
            </button>
          </div>
        </Form>
        {/* The reset buttons belong to this form (their `form` attribute), so Enter in a field still saves the rules. */}
        <Form id={RESET_FORM} method="post">
          <input type="hidden" name="intent" value="reset" />
        </Form>
      </section>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit log</h2>
        <p className="muted small">
          The latest changes. <Link to="/admin/audit">The full audit log</Link> lists every staff action, with filters.
        </p>
        {audit.length === 0 ? <p className="empty">Nothing has changed yet.</p> : null}
        <ul className="audit-log audit-log--full">
          {audit.map((entry) => (
            <AuditEntry key={entry.id} entry={entry} />
          ))}
        </ul>
      </section>
    </div>
  )
}
