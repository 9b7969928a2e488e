import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'

import { AuditEntry } from '../components/audit-entry'
import { describedBy, Field, fieldLinks } from '../components/field'
import { auditTargetTypes, kindLabel, targetTypeLabels } from '../domain/audit/audit.terms'
import { getAuditLogPage } from '../domain/pages/admin.server'
import { idParam } from '../domain/threads/thread.schema'
import { pageTitle } from '../lib/meta'
import { parseParam, requireActor, throwAsPage } from '../lib/request.server'
import adminStyles from '../styles/admin.css'
import listStyles from '../styles/lists.css'

/*
 * /admin/audit: the whole audit log, for admins. Its own page, not a child
 * of /admin (the trailing underscore keeps admin.tsx, which renders no
 * outlet, out of its layout). It only reads: entries are written by the
 * actions they record and no route edits or deletes one.
 */

export const links: LinksFunction = () => [
  ...fieldLinks(),
  { rel: 'stylesheet', href: listStyles },
  { rel: 'stylesheet', href: adminStyles },
]

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Audit log', 'Administration') },
  { name: 'robots', content: 'noindex' },
]

const filterFields = ['actor', 'kind', 'targetType', 'targetId'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  const params = new URL(request.url).searchParams
  const before = params.has('before') ? parseParam(idParam, params.get('before')) : undefined
  const query = Object.fromEntries(filterFields.flatMap((name) => (params.has(name) ? [[name, params.get(name)!]] : [])))
  try {
    const page = await getAuditLogPage(context.sql, actor, query, before)
    return data(page, { status: Object.keys(page.errors).length ? 400 : 200 })
  } catch (error) {
    throwAsPage(error)
  }
}

export default function AuditLog() {
  const { entries, nextBefore, kinds, errors } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const value = (name: (typeof filterFields)[number]) => params.get(name) ?? ''
  const filtered = filterFields.some((name) => value(name))
  const paged = params.has('before')
  const olderHref = () => {
    const next = new URLSearchParams(params)
    next.set('before', String(nextBefore))
    return `?${next}`
  }
  const newestHref = () => {
    const next = new URLSearchParams(params)
    next.delete('before')
    return `?${next}`
  }
  const error = (name: string) => (errors as Record<string, string>)[name]
  const currentKind = value('kind')
  return (
    <div className="narrow">
      <header className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">
            Every staff action and rule change: who, when, to what, and why. Entries are never changed.{' '}
            <Link to="/admin">Administration</Link>
          </p>
        </div>
      </header>
      <Form method="get" className="audit-filters" aria-label="Filter the audit log">
        <Field id="actor" label="By (username)" error={error('actor')}>
          <input id="actor" name="actor" defaultValue={value('actor')} aria-describedby={describedBy('actor', error('actor'))} />
        </Field>
        <Field id="kind" label="Kind" error={error('kind')}>
          <select id="kind" name="kind" defaultValue={currentKind} aria-describedby={describedBy('kind', error('kind'))}>
            <option value="">Any kind</option>
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {kindLabel(kind)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="targetType" label="Target" error={error('targetType')}>
          <select
            id="targetType"
            name="targetType"
            defaultValue={value('targetType')}
            aria-describedby={describedBy('targetType', error('targetType'))}
          >
            <option value="">Anything</option>
            {auditTargetTypes.map((type) => (
              <option key={type} value={type}>
                {targetTypeLabels[type]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="targetId" label="Target id" error={error('targetId')}>
          <input
            id="targetId"
            name="targetId"
            inputMode="text"
            defaultValue={value('targetId')}
            aria-invalid={error('targetId') ? true : undefined}
            aria-describedby={describedBy('targetId', error('targetId'))}
          />
        </Field>
        <div className="audit-filters__actions">
          <button type="submit" className="button button--primary">
            Filter
          </button>
          {filtered ? (
            <Link to="/admin/audit" className="button button--ghost">
              Clear
            </Link>
          ) : null}
        </div>
      </Form>
      <section aria-label="Audit entries">
        {entries.length === 0 ? (
          <p className="empty">{filtered ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}</p>
        ) : (
          <ol className="audit-log audit-log--full">
            {entries.map((entry) => (
              <AuditEntry key={entry.id} entry={entry} />
            ))}
          </ol>
        )}
      </section>
      {paged || nextBefore ? (
        <nav className="pager" aria-label="Audit log pages">
          {paged ? <Link to={newestHref()}>← Newest</Link> : <span />}
          {nextBefore ? (
            <Link to={olderHref()} rel="next">
              Older entries →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
      {currentKind && !kinds.includes(currentKind) ? (
        <p className="muted small">No entry of kind {currentKind} was ever recorded.</p>
      ) : null}
    </div>
  )
}
