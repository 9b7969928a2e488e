import type { ReactNode } from 'react'

import { DELETED_USER_LABEL, isDeletedUsername, shownName } from '../../domain/account/account.terms'
import { kindLabels } from '../../domain/threads/thread.terms'
import { userUrl } from '../../lib/urls'
import { Avatar } from '../avatar'
import { Badge } from '../badge'
import { RouteLink } from '../route-link'
import { RelativeTime } from '../time'
import { AcceptButton, DeleteButton, FlagControl, HelpfulButton, ModerateButtons, QuoteButton } from './post-actions'
import { HELD_NOTICE } from './thread-header'
import type { ThreadPost } from './types'

function PostBody({ post }: { post: ThreadPost }) {
  if (post.deleted) return <p className="post__placeholder">This post was deleted.</p>
  if (post.html === null) return <p className="post__placeholder">This post is hidden.</p>
  return (
    <>
      {post.held ? <p className="notice notice--warning">{HELD_NOTICE}</p> : null}
      {post.hidden ? (
        <p className="notice notice--warning">
          This post is hidden from the community{post.hiddenReason ? ` (${post.hiddenReason})` : ''}. Only its author and staff can see it.
        </p>
      ) : null}
      <div className="prose" dangerouslySetInnerHTML={{ __html: post.html }} />
    </>
  )
}

function PostByline({ post }: { post: ThreadPost }) {
  return (
    <header className="post__header">
      <Avatar username={post.authorUsername} image={post.authorAvatar ?? null} />
      <div className="post__byline">
        {isDeletedUsername(post.authorUsername) ? (
          <span className="post__author">{DELETED_USER_LABEL}</span>
        ) : (
          <RouteLink to={userUrl(post.authorUsername)} className="post__author">
            {post.authorUsername}
          </RouteLink>
        )}
        {post.isStaffAuthor ? <Badge tone="staff">Staff</Badge> : null}
        {post.isAccepted ? <Badge tone="success">✓ Accepted answer</Badge> : null}
        <span className="muted small">
          <a href={`#post-${post.postNumber}`} className="post__permalink">
            <RelativeTime date={post.createdAt} />
          </a>
          {post.editedAt ? (
            <>
              {' · '}
              {post.canSeeHistory ? (
                <RouteLink to={`/p/${post.id}/history`} title={`Edited ${new Date(post.editedAt).toLocaleString('en')}: see what changed`}>
                  edited<span className="visually-hidden"> (history of post #{post.postNumber})</span>
                </RouteLink>
              ) : (
                <span title={`Edited ${new Date(post.editedAt).toLocaleString('en')}`}>edited</span>
              )}
            </>
          ) : null}
        </span>
      </div>
      <span className="post__number muted small">#{post.postNumber}</span>
    </header>
  )
}

/** The buttons under a post: only those the reader may press. */
function PostFooter({ post }: { post: ThreadPost }) {
  const isReply = post.postNumber > 1
  if (
    !post.canVote &&
    !post.canAccept &&
    !post.canEdit &&
    !post.canDelete &&
    !post.canFlag &&
    !post.canModerate &&
    !(isReply && post.helpfulCount > 0)
  )
    return null
  const showsHelpful = isReply && !post.deleted
  return (
    <footer className="post__footer">
      {showsHelpful ? (
        post.canVote ? (
          <HelpfulButton postId={post.id} postNumber={post.postNumber} count={post.helpfulCount} voted={Boolean(post.voted)} />
        ) : (
          <span className="muted small">{post.helpfulCount} found this helpful</span>
        )
      ) : null}
      {post.canAccept ? <AcceptButton postId={post.id} postNumber={post.postNumber} accepted={Boolean(post.isAccepted)} /> : null}
      {post.canEdit ? (
        <RouteLink to={`/p/${post.id}/edit`} className="button button--small button--ghost">
          Edit<span className="visually-hidden"> post #{post.postNumber}</span>
        </RouteLink>
      ) : null}
      {post.canDelete ? <DeleteButton postId={post.id} postNumber={post.postNumber} withReason={Boolean(post.canModerate)} /> : null}
      {post.canModerate && !post.deleted ? (
        <ModerateButtons postId={post.id} postNumber={post.postNumber} hidden={Boolean(post.hidden)} />
      ) : null}
      {post.canFlag && !post.deleted ? (
        <FlagControl postId={post.id} postNumber={post.postNumber} flagged={Boolean(post.flaggedByMe)} />
      ) : null}
      {post.html !== null && !post.deleted && !post.hidden ? (
        <QuoteButton postNumber={post.postNumber} author={shownName(post.authorUsername)} />
      ) : null}
    </footer>
  )
}

export function PostItem({
  post,
  threadKind,
  highlighted,
  children,
}: {
  post: ThreadPost
  threadKind: keyof typeof kindLabels
  highlighted: boolean
  children?: ReactNode
}) {
  const isOpening = post.postNumber === 1
  return (
    <article
      id={`post-${post.postNumber}`}
      className={`post${isOpening ? ' post--opening' : ''}${post.isAccepted ? ' post--accepted' : ''}${highlighted ? ' post--target' : ''}`}
      aria-label={
        isOpening
          ? `${kindLabels[threadKind]} by ${shownName(post.authorUsername)}`
          : `Reply ${post.postNumber - 1} by ${shownName(post.authorUsername)}`
      }
    >
      <PostByline post={post} />
      <div className="post__body">
        <PostBody post={post} />
      </div>
      {children}
      <PostFooter post={post} />
    </article>
  )
}
