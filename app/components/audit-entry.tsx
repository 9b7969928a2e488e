import { Link } from '@remix-run/react'

import { kindLabel } from '../domain/audit/audit.terms'
import { RelativeTime } from './time'
import { UserLink } from './user-link'

/** One audit entry as the loaders give it (see app/domain/pages/admin.server.ts). */
export interface AuditEntryData {
  id: number
  actor: string | null
  action: string
  createdAt: Date | string
  sentence: { verb: string; after?: string; related?: { label: string; href: string } }
  target: { label: string; href: string | null } | null
  historyHref: string | null
  reason: string | null
}

/** An entry as a sentence ("sam changed the idea vote budget from none to 3"), on /admin and /admin/audit alike. */
export function AuditEntry({ entry }: { entry: AuditEntryData }) {
  return (
    <li data-action={entry.action}>
      <p>
        {entry.actor ? <UserLink username={entry.actor} className="audit-log__actor" /> : <strong>the command line</strong>}{' '}
        {entry.sentence.verb}{' '}
        {entry.target ? entry.target.href ? <Link to={entry.target.href}>{entry.target.label}</Link> : <em>{entry.target.label}</em> : null}
        {entry.sentence.after ? ` ${entry.sentence.after}` : null}
        {entry.sentence.related ? (
          <>
            {' '}
            <Link to={entry.sentence.related.href}>{entry.sentence.related.label}</Link>
          </>
        ) : null}
        {entry.historyHref ? (
          <>
            {' '}
            (<Link to={entry.historyHref}>see the changes</Link>)
          </>
        ) : null}
      </p>
      {entry.reason ? <p className="audit-log__reason">Reason: {entry.reason}</p> : null}
      <p className="muted small">
        <RelativeTime date={entry.createdAt} /> · <span className="audit-log__kind">{kindLabel(entry.action)}</span>
      </p>
    </li>
  )
}
