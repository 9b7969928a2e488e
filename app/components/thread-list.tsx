import type { LinksFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'

import type { ThreadListItem } from '../../db/queries/threads'
import { shownName } from '../domain/account/account.terms'
import { kindLabels } from '../domain/threads/thread.terms'
import { threadUrl } from '../lib/urls'
import threadListStyles from '../styles/thread-list.css'
import { Avatar } from './avatar'
import { Badge } from './badge'
import { CategoryColours, CategoryLabel, categoryLabelLinks } from './category-label'
import { RelativeTime } from './time'

/** The sheet a ThreadList needs: spread it into the `links` of every route that renders one. */
export const threadListLinks: LinksFunction = () => [{ rel: 'stylesheet', href: threadListStyles }, ...categoryLabelLinks()]

/**
 * `pinnedIn` names the list pins lead: a category's (pinned there or
 * everywhere) or the home page's (pinned everywhere); other lists show no pin.
 */
export function ThreadList({
  threads,
  showCategory = true,
  pinnedIn,
}: {
  threads: ThreadListItem[]
  showCategory?: boolean
  pinnedIn?: 'category' | 'home'
}) {
  const pinnedHere = (thread: ThreadListItem) =>
    pinnedIn === 'category' ? thread.pinned !== null : pinnedIn === 'home' && thread.pinned === 'global'
  if (threads.length === 0) return <p className="empty">No threads here yet.</p>
  return (
    <>
      {showCategory ? <CategoryColours categories={threads.map((t) => ({ id: t.categoryId, color: t.categoryColor }))} /> : null}
      <ul className="thread-list">
        {threads.map((thread) => (
          <li key={thread.id} className="thread-row">
            <Avatar username={thread.authorUsername} image={thread.authorAvatar} />
            <div className="thread-row__main">
              <Link to={threadUrl(thread)} className="thread-row__title">
                {thread.title}
              </Link>
              <div className="thread-row__meta">
                <Badge tone={thread.kind === 'question' ? 'info' : thread.kind === 'idea' ? 'warning' : 'neutral'}>
                  {kindLabels[thread.kind]}
                </Badge>
                {pinnedHere(thread) ? <Badge tone="info">Pinned</Badge> : null}
                {thread.solved ? <Badge tone="success">✓ Solved</Badge> : null}
                {thread.lockedAt ? <Badge>Locked</Badge> : null}
                {thread.meTooCount > 0 ? <span>{thread.meTooCount} have this too</span> : null}
                {showCategory ? (
                  <CategoryLabel category={{ id: thread.categoryId, slug: thread.categorySlug, name: thread.categoryName }} />
                ) : null}
                <span>
                  by {shownName(thread.authorUsername)} · last activity <RelativeTime date={thread.lastPostedAt} />
                  {thread.lastPosterUsername && thread.replyCount > 0 ? ` by ${thread.lastPosterUsername}` : ''}
                </span>
              </div>
            </div>
            {/* Read as "12 replies": the number and its word are both text. */}
            <div className="thread-row__count">
              <span className="count">{thread.replyCount}</span>
              <span className="count-label">{thread.replyCount === 1 ? 'reply' : 'replies'}</span>
            </div>
          </li>
        ))}
      </ul>
    </>
  )
}
