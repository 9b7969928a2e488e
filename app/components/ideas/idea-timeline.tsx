import { Link } from '@remix-run/react'

import { statusLabels, type IdeaStatus } from '../../domain/ideas/idea.terms'
import { threadUrl } from '../../lib/urls'
import type { IdeaPanelData } from '../thread/types'
import { RelativeTime } from '../time'

type Entry = IdeaPanelData['timeline'][number]

const label = (status: string | null) => (status ? (statusLabels[status as IdeaStatus] ?? status) : '')

function describe(entry: Entry) {
  switch (entry.type) {
    case 'status':
      return `moved it from ${label(entry.fromStatus)} to ${label(entry.toStatus)}`
    case 'promoted':
      return 'promoted it from a support thread'
    case 'merged_from':
      return 'merged a duplicate idea into it'
    case 'merged_into':
      return 'merged it into another idea'
    case 'linked':
      return 'linked a thread'
    case 'unlinked':
      return 'unlinked a thread'
    default:
      return entry.type
  }
}

/** What happened to the idea, in order, with the public notes of status changes. */
export function IdeaTimeline({ timeline }: { timeline: Entry[] }) {
  if (!timeline.length) return null
  return (
    <div>
      <h2 className="idea-panel__heading">Timeline</h2>
      <ol className="timeline">
        {timeline.map((entry) => (
          <li key={entry.id}>
            <span>
              <strong>{entry.actorUsername}</strong> {describe(entry)}
              {entry.otherThreadId && entry.otherTitle ? (
                <>
                  {': '}
                  <Link to={threadUrl({ id: entry.otherThreadId, slug: entry.otherSlug ?? '' })}>{entry.otherTitle}</Link>
                </>
              ) : null}{' '}
              <span className="muted small">
                <RelativeTime date={entry.createdAt} />
              </span>
            </span>
            {entry.note ? <p className="timeline__note">{entry.note}</p> : null}
          </li>
        ))}
      </ol>
    </div>
  )
}
