import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'

import { roles } from '../../db/types'
import { Badge } from '../components/badge'
import { describedBy, Field, fieldLinks } from '../components/field'
import { RelativeTime } from '../components/time'
import { getPeoplePage } from '../domain/pages/admin-people.server'
import { peopleSortLabels, roleLabels, suspendedLabels, trustLabels } from '../domain/people/people.terms'
import { idParam } from '../domain/threads/thread.schema'
import { pageTitle } from '../lib/meta'
import { parseParam, requireActor, throwAsPage } from '../lib/request.server'
import { adminUserUrl } from '../lib/urls'
import adminStyles from '../styles/admin.css'
import listStyles from '../styles/lists.css'

/*
 * /admin/users: staff look people up by name or address, filter and sort
 * them. Its own page beside /admin (the trailing underscore keeps admin.tsx,
 * which renders no outlet, out of its layout). A plain GET form, so every
 * view has an address; pages continue after the last person shown.
 */

export const links: LinksFunction = () => [
  ...fieldLinks(),
  { rel: 'stylesheet', href: listStyles },
  { rel: 'stylesheet', href: adminStyles },
]

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'People', 'Administration') },
  { name: 'robots', content: 'noindex' },
]

const filterFields = ['q', 'role', 'trust', 'suspended', 'sort'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  const params = new URL(request.url).searchParams
  const after = params.has('after') ? parseParam(idParam, params.get('after')) : undefined
  const query = Object.fromEntries(filterFields.flatMap((name) => (params.has(name) ? [[name, params.get(name)!]] : [])))
  try {
    const page = await getPeoplePage(context.sql, actor, query, after)
    return data(page, { status: Object.keys(page.errors).length ? 400 : 200 })
  } catch (error) {
    throwAsPage(error)
  }
}

export default function People() {
  const { people, nextAfter, errors } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const value = (name: (typeof filterFields)[number]) => params.get(name) ?? ''
  const filtered = filterFields.some((name) => name !== 'sort' && value(name))
  const error = (name: string) => (errors as Record<string, string>)[name]
  const withParams = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(params)
    change(next)
    return `?${next}`
  }
  return (
    <div>
      <header className="page-header">
        <div>
          <h1>People</h1>
          <p className="muted">
            Find an account by name or email address to see its activity, sessions and standing. <Link to="/admin">Administration</Link>
          </p>
        </div>
      </header>
      <Form method="get" className="audit-filters" aria-label="Find people">
        <Field id="q" label="Name or email" error={error('q')}>
          <input id="q" name="q" type="search" defaultValue={value('q')} aria-describedby={describedBy('q', error('q'))} />
        </Field>
        <Field id="role" label="Role" error={error('role')}>
          <select id="role" name="role" defaultValue={value('role')} aria-describedby={describedBy('role', error('role'))}>
            <option value="">Any role</option>
            {roles.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="trust" label="Trust" error={error('trust')}>
          <select id="trust" name="trust" defaultValue={value('trust')} aria-describedby={describedBy('trust', error('trust'))}>
            <option value="">Anyone</option>
            {Object.entries(trustLabels).map(([name, label]) => (
              <option key={name} value={name}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="suspended" label="Suspension" error={error('suspended')}>
          <select
            id="suspended"
            name="suspended"
            defaultValue={value('suspended')}
            aria-describedby={describedBy('suspended', error('suspended'))}
          >
            <option value="">Anyone</option>
            {Object.entries(suspendedLabels).map(([name, label]) => (
              <option key={name} value={name}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="sort" label="Order" error={error('sort')}>
          <select id="sort" name="sort" defaultValue={value('sort') || 'joined'} aria-describedby={describedBy('sort', error('sort'))}>
            {Object.entries(peopleSortLabels).map(([name, label]) => (
              <option key={name} value={name}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <div className="audit-filters__actions">
          <button type="submit" className="button button--primary">
            Find
          </button>
          {filtered ? (
            <Link to="/admin/users" className="button button--ghost">
              Clear
            </Link>
          ) : null}
        </div>
      </Form>
      <section aria-labelledby="people-heading">
        <h2 id="people-heading" className="visually-hidden">
          People found
        </h2>
        {people.length === 0 ? (
          <p className="empty">{filtered ? 'Nobody matches these filters.' : 'Nobody has joined yet.'}</p>
        ) : (
          // A wide table scrolls on its own on a phone; keyboard users scroll it once focused.
          <div className="people-table" tabIndex={0} role="region" aria-labelledby="people-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Role</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Last seen</th>
                  <th scope="col" className="number">
                    Posts
                  </th>
                  <th scope="col" className="number">
                    Reputation
                  </th>
                </tr>
              </thead>
              <tbody>
                {people.map((person) => (
                  <tr key={person.username}>
                    <th scope="row">
                      <Link to={adminUserUrl(person.username)}>{person.username}</Link>
                      {person.displayName ? <span className="muted"> ({person.displayName})</span> : null}
                      <br />
                      <span className="muted small people-table__email">{person.email}</span>
                    </th>
                    <td>
                      {roleLabels[person.role]}
                      {person.trusted ? null : (
                        <>
                          {' '}
                          <Badge tone="info">New</Badge>
                        </>
                      )}
                      {person.suspended ? (
                        <>
                          {' '}
                          <Badge tone="warning">Suspended</Badge>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <RelativeTime date={person.joinedAt} />
                    </td>
                    <td>{person.lastSeenAt ? <RelativeTime date={person.lastSeenAt} /> : <span className="muted">never</span>}</td>
                    <td className="number">{person.posts}</td>
                    <td className="number">{person.reputation}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {params.has('after') || nextAfter ? (
        <nav className="pager" aria-label="Pages of people">
          {params.has('after') ? <Link to={withParams((next) => next.delete('after'))}>← First page</Link> : <span />}
          {nextAfter ? (
            <Link to={withParams((next) => next.set('after', String(nextAfter)))} rel="next">
              Next 50 →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  )
}
