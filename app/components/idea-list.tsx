import type { LinksFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'

import type { IdeaListItem } from '../../db/queries/ideas'
import { threadUrl } from '../lib/urls'
import ideaStyles from '../styles/ideas.css'
import { StatusBadge } from './ideas/status-badge'
import { threadListLinks } from './thread-list'

/** An idea row borrows the thread list's title, meta and count styles. */
export const ideaListLinks: LinksFunction = () => [...threadListLinks(), { rel: 'stylesheet', href: ideaStyles }]

export function IdeaList({ ideas, compact = false }: { ideas: IdeaListItem[]; compact?: boolean }) {
  if (ideas.length === 0) return <p className="empty">No ideas here yet.</p>
  return (
    <ul className={`idea-list${compact ? ' idea-list--compact' : ''}`}>
      {ideas.map((idea) => (
        <li key={idea.id} className="idea-row">
          <div className="idea-row__votes">
            <span className="count">{idea.voteCount}</span>
            <span className="count-label">{idea.voteCount === 1 ? 'vote' : 'votes'}</span>
          </div>
          <div className="idea-row__main">
            <Link to={threadUrl(idea)} className="thread-row__title">
              {idea.title}
            </Link>
            <div className="thread-row__meta">
              <StatusBadge status={idea.ideaStatus} />
              <span>
                {idea.customers} {idea.customers === 1 ? 'customer' : 'customers'} affected
              </span>
              {compact ? null : (
                <>
                  <span>{idea.linkedThreads} linked</span>
                  <span>{idea.recentVotes} votes in 14 days</span>
                  <span>by {idea.authorUsername}</span>
                </>
              )}
            </div>
          </div>
        </li>
      ))}
    </ul>
  )
}
