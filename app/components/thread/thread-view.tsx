import type { LinksFunction, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useLocation } from '@remix-run/react'

import { useIntentResult } from '../../lib/intent-result'
import { useConnectionState } from '../../lib/live'
import { pageHead, siteOf } from '../../lib/meta'
import { useNonce } from '../../lib/nonce'
import { clip } from '../../lib/plain-text'
import { usePostsHtml } from '../../lib/shown-html'
import { jsonForScript, threadStructuredData } from '../../lib/structured-data'
import type { loadThread } from '../../lib/thread-route.server'
import { feedUrls, POSTS_PER_PAGE, postUrl, threadUrl } from '../../lib/urls'
import { useThreadLive, type ThreadLive } from '../../lib/use-thread-live'
import { useOptionalUser } from '../../root'
import listStyles from '../../styles/lists.css'
import threadStyles from '../../styles/thread.css'
import { Badge } from '../badge'
import { IdeaPanel, ideaPanelLinks } from '../ideas/idea-panel'
import { RelatedIdeas } from '../ideas/related-ideas'
import { markdownEditorLinks } from '../markdown-editor'
import { similarThreadsLinks } from '../search/similar-threads'
import { RelativeTime } from '../time'
import { MoreHelpful, OrderSwitch, Pager } from './pager'
import { MeTooButton, PostIntentButton } from './post-actions'
import { PostItem } from './post-item'
import { ReplyBox } from './reply-box'
import { staffToolsLinks } from './staff-tools'
import { Breadcrumb, HELD_NOTICE, ThreadHeader } from './thread-header'
import type { ShownThread, ThreadData, ThreadIntentResult } from './types'

/** Everything a thread page shows: the pager, the reply editor, posts, the idea panel (after thread.css). */
export const threadLinks: LinksFunction = () => [
  { rel: 'stylesheet', href: listStyles },
  ...markdownEditorLinks(),
  { rel: 'stylesheet', href: threadStyles },
  ...ideaPanelLinks(),
  // Staff see similar threads when promoting a thread or triaging a new idea.
  ...similarThreadsLinks(),
  ...staffToolsLinks(),
]

export const threadMeta: MetaFunction<typeof loadThread> = ({ data, matches }) => {
  if (!data) return []
  const { thread, page, origin, description } = data
  return pageHead({
    title: `${thread.title}${page > 1 ? ` (page ${page})` : ''} · ${thread.categoryName}`,
    description,
    // A solved question previews with its answer: what someone sharing the link wants seen.
    preview: data.accepted ? clip(`Answer: ${data.accepted.excerpt}`, 200) : description,
    path: threadUrl(thread, page),
    origin,
    siteName: siteOf(matches).siteName,
    type: 'article',
    feeds: [{ title: `Replies to “${thread.title}”`, path: feedUrls.thread(thread.id) }],
  })
}

/**
 * The thread as schema.org data, for search engines; a data block, so it runs nothing (and carries the nonce anyway).
 * Left out of a signed-in member's page, which no search engine reads.
 */
function StructuredData({ data }: { data: ShownThread }) {
  const nonce = useNonce()
  const me = useOptionalUser()
  const structured = me ? null : threadStructuredData(data)
  if (!structured) return null
  return (
    <script
      type="application/ld+json"
      nonce={nonce}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: jsonForScript(structured) }}
    />
  )
}

/** Buttons without a form of their own to answer in: their outcome shows at the top of the page. */
const buttonIntents = ['lock', 'unlock', 'delete', 'accept', 'unaccept', 'unlink', 'helpful', 'metoo', 'vote', 'unflag', 'hide', 'approve']

function ActionNotice() {
  const triage = useIntentResult<ThreadIntentResult>('status', 'link', 'merge', 'note')
  const buttons = useIntentResult<ThreadIntentResult>(...buttonIntents)
  // A form with fields shows its own refusal beside them; only its success is announced here.
  const message = buttons.message ?? (triage.failed ? null : triage.message)
  if (!message) return null
  return (
    <p className={buttons.failed ? 'notice notice--warning' : 'notice'} role={buttons.failed ? 'alert' : 'status'}>
      {message}
    </p>
  )
}

function AcceptedSummary({ data }: { data: ThreadData }) {
  if (!data.accepted) return null
  return (
    <aside className="accepted-summary" aria-label="Accepted answer">
      <p className="accepted-summary__title">
        <Badge tone="success">✓ Solved</Badge> Accepted answer by <strong>{data.accepted.authorUsername}</strong>
      </p>
      <p>{data.accepted.excerpt}</p>
      <Link to={postUrl(data.thread, data.accepted.postNumber)}>Jump to the answer (#{data.accepted.postNumber})</Link>
    </aside>
  )
}

/** Who else is here, who is writing, and replies that arrived beyond this page. */
function LiveBar({ live, thread }: { live: ThreadLive; thread: ThreadData['thread'] }) {
  const { typing, newReplies, awayTooLong } = live
  // A count from before the connection dropped would be a guess.
  const readers = useConnectionState() === 'connected' ? live.readers : 0
  return (
    <div className="live-bar" role="status">
      {readers > 1 ? <span className="live-bar__readers">{readers} people reading</span> : null}
      {typing.length ? (
        <span className="live-bar__typing">
          {typing.slice(0, 2).join(' and ')}
          {typing.length > 2 ? ` and ${typing.length - 2} more` : ''} {typing.length === 1 ? 'is' : 'are'} typing…
        </span>
      ) : null}
      {awayTooLong ? (
        <span className="live-notice">
          Many replies arrived while you were away. <a href={postUrl(thread, thread.lastPostNumber)}>Reload</a>
        </span>
      ) : newReplies ? (
        <Link className="live-notice" to={postUrl(thread, newReplies.first)}>
          {newReplies.count} new {newReplies.count === 1 ? 'reply' : 'replies'}
        </Link>
      ) : null}
    </div>
  )
}

/** Replies waiting for a moderator: shown to their authors (and staff) only, without numbers until approved. */
function HeldPosts({ data }: { data: ThreadData }) {
  if (!data.held.length) return null
  return (
    <section className="held-posts" aria-labelledby="held-heading" id="held">
      <h2 id="held-heading">Waiting for a moderator</h2>
      {data.held.map((post) => (
        <article key={post.id} id={`held-${post.id}`} className="post post--held" aria-label={`Held reply by ${post.authorUsername}`}>
          <header className="post__header">
            <div className="post__byline">
              <strong className="post__author">{post.authorUsername}</strong>
              <Badge tone="info">Held: new member</Badge>
              <span className="muted small">
                <RelativeTime date={post.createdAt} />
              </span>
            </div>
          </header>
          <div className="post__body">
            <p className="notice notice--warning">{HELD_NOTICE}</p>
            {post.html !== null ? <div className="prose" dangerouslySetInnerHTML={{ __html: post.html }} /> : null}
          </div>
          {post.canEdit || post.canDelete || post.canApprove ? (
            <footer className="post__footer">
              {post.canApprove ? (
                <PostIntentButton
                  postId={post.id}
                  intent="approve"
                  text="Approve"
                  label={`held reply by ${post.authorUsername}`}
                  tone="primary"
                />
              ) : null}
              {post.canEdit ? (
                <Link to={`/p/${post.id}/edit`} className="button button--small button--ghost">
                  Edit<span className="visually-hidden"> held reply</span>
                </Link>
              ) : null}
              {post.canDelete ? (
                <PostIntentButton
                  postId={post.id}
                  intent="delete"
                  text="Delete"
                  label={`held reply by ${post.authorUsername}`}
                  tone="danger"
                />
              ) : null}
            </footer>
          ) : null}
        </article>
      ))}
    </section>
  )
}

export function ThreadView() {
  const data = useLoaderData<typeof loadThread>()
  const location = useLocation()
  const { thread, page, totalPages } = data
  const posts = usePostsHtml(data.posts)
  const me = useOptionalUser()
  const live = useThreadLive({
    threadId: thread.id,
    lastPostNumber: thread.lastPostNumber,
    // Ordered by most helpful, a new reply has no place on the page: it is announced instead.
    pageEnd: data.order === 'oldest' ? page * POSTS_PER_PAGE : 0,
    me: me?.username ?? null,
    liveMark: thread.liveMark,
    hearsNotes: data.idea?.notes != null,
  })
  const target = Number(location.hash.replace('#post-', '')) || null
  return (
    <div className="thread-page">
      <StructuredData data={{ ...data, posts }} />
      <Breadcrumb thread={thread} />
      <ThreadHeader data={data} />
      <RelatedIdeas ideas={data.relatedIdeas} />
      <ActionNotice />
      {data.idea ? <IdeaPanel panel={data.idea} idea={thread} /> : null}
      <OrderSwitch data={data} />
      {data.order === 'oldest' ? <Pager thread={thread} page={page} totalPages={totalPages} /> : null}
      <div className="posts">
        {posts.map((post) => (
          <PostItem key={post.id} post={post} threadKind={thread.kind} highlighted={post.postNumber === target}>
            {post.postNumber === 1 && data.meToo.shown ? (
              <div className="post__extras">
                <MeTooButton count={thread.meTooCount} mine={data.meToo.mine} canPress={data.meToo.canPress} />
              </div>
            ) : null}
            {post.postNumber === 1 ? <AcceptedSummary data={data} /> : null}
          </PostItem>
        ))}
      </div>
      <LiveBar live={live} thread={thread} />
      {data.order === 'oldest' ? <Pager thread={thread} page={page} totalPages={totalPages} /> : <MoreHelpful data={data} />}
      <HeldPosts data={data} />
      <ReplyBox data={data} />
    </div>
  )
}
