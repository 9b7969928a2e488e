import { Form, Link } from '@remix-run/react'

import type { WatchLevel } from '../../../db/types'
import { kindLabels } from '../../domain/threads/thread.terms'
import { useIntentResult } from '../../lib/intent-result'
import { categoryUrl } from '../../lib/urls'
import { Badge, ReadabilityBadge } from '../badge'
import { PromoteForm } from '../ideas/promote-form'
import { RelativeTime } from '../time'
import { WatchControl } from '../watch-control'
import { DuplicateNotice, StaffTools } from './staff-tools'
import type { ThreadData } from './types'

/** What the author of a held thread or post reads above it. */
export const HELD_NOTICE = 'Waiting for a moderator: new members’ first posts are reviewed before they appear.'

const kindTone = { question: 'info', idea: 'warning', discussion: 'neutral' } as const

export function Breadcrumb({ thread }: Pick<ThreadData, 'thread'>) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <Link to="/">Home</Link> <span aria-hidden="true">/</span> <Link to={categoryUrl(thread.categorySlug)}>{thread.categoryName}</Link>
    </nav>
  )
}

function ThreadWatch({ level }: { level: WatchLevel | null }) {
  const result = useIntentResult('watch')
  return <WatchControl level={level} of="thread" message={result.message} />
}

export function ThreadHeader({ data }: { data: ThreadData }) {
  const { thread } = data
  return (
    <header className="thread-header">
      <h1>{thread.title}</h1>
      <div className="thread-header__meta">
        <Badge tone={kindTone[thread.kind]}>{kindLabels[thread.kind]}</Badge>
        {thread.acceptedPostId ? <Badge tone="success">✓ Solved</Badge> : null}
        <ReadabilityBadge readableBy={thread.readableBy} />
        {thread.locked ? <Badge>Locked</Badge> : null}
        {thread.deleted ? <Badge tone="warning">Deleted</Badge> : null}
        {thread.pinned ? <Badge tone="info">Pinned</Badge> : null}
        <span className="muted">
          {thread.kind === 'question' ? 'Asked' : 'Started'} by {thread.authorUsername} <RelativeTime date={thread.createdAt} /> ·{' '}
          {thread.replyCount} {thread.replyCount === 1 ? 'reply' : 'replies'}
        </span>
      </div>
      {thread.held ? <p className="notice notice--warning">{HELD_NOTICE}</p> : null}
      {thread.locked && thread.lockedReason ? <p className="notice">Locked by staff: {thread.lockedReason}</p> : null}
      <DuplicateNotice thread={thread} />
      {data.promote ? <PromoteForm promote={data.promote} /> : null}
      {data.canLock ? (
        <Form method="post" className="inline-form">
          <label>
            <span className="visually-hidden">Why {thread.locked ? 'unlock' : 'lock'} the thread (optional)</span>
            <input name="reason" maxLength={500} placeholder="Reason (optional)" />
          </label>
          <button type="submit" name="intent" value={thread.locked ? 'unlock' : 'lock'} className="button button--small button--ghost">
            {thread.locked ? 'Unlock thread' : 'Lock thread'}
          </button>
        </Form>
      ) : null}
      {data.watch ? <ThreadWatch level={data.watch.level} /> : null}
      <StaffTools data={data} />
    </header>
  )
}
