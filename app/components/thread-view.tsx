import type { LinksFunction, MetaFunction } from '@remix-run/node'
import type { ReactNode } from 'react'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import type { loadThread, threadAction } from '../lib/thread-route.server'
import { kindLabels } from '../domain/threads/thread.schema'
import { categoryUrl, postUrl, threadUrl, userUrl } from '../lib/urls'
import { Avatar } from './avatar'
import { Badge } from './badge'
import { FormMessage } from './field'
import { MarkdownEditor, markdownEditorLinks } from './markdown-editor'
import { AcceptButton, DeleteButton, HelpfulButton, MeTooButton } from './post-actions'
import { IdeaPanel, ideaPanelLinks, PromoteForm, RelatedIdeas } from './idea-panel'
import { RelativeTime } from './time'
import listStyles from '../styles/lists.css'
import threadStyles from '../styles/thread.css'

type Data = Awaited<ReturnType<typeof loadThread>>
type Post = Data['posts'][number]

/** Everything a thread page shows: the pager, the reply editor, posts, the idea panel (after thread.css). */
export const threadLinks: LinksFunction = () => [
  { rel: 'stylesheet', href: listStyles },
  ...markdownEditorLinks(),
  { rel: 'stylesheet', href: threadStyles },
  ...ideaPanelLinks(),
]

export const threadMeta: MetaFunction<typeof loadThread> = ({ data }) => {
  if (!data) return []
  const { thread, page, origin } = data
  const opening = data.posts.find((p) => p.postNumber === 1)
  const description = opening?.html ? opening.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160) : thread.title
  return [
    { title: `${thread.title}${page > 1 ? ` (page ${page})` : ''} · ${thread.categoryName} · Community` },
    { name: 'description', content: description },
    { tagName: 'link', rel: 'canonical', href: origin + threadUrl(thread, page) },
  ]
}

function PostBody({ post }: { post: Post }) {
  if (post.deleted) return <p className="post__placeholder">This post was deleted.</p>
  if (post.html === null) return <p className="post__placeholder">This post is hidden.</p>
  return (
    <>
      {post.hidden ? <p className="notice notice--warning">This post is hidden from the community. Only you and staff can see it.</p> : null}
      <div className="prose" dangerouslySetInnerHTML={{ __html: post.html }} />
    </>
  )
}

function PostItem({ post, threadKind, highlighted, children }: { post: Post; threadKind: string; highlighted: boolean; children?: ReactNode }) {
  const isOpening = post.postNumber === 1
  return (
    <article
      id={`post-${post.postNumber}`}
      className={`post${isOpening ? ' post--opening' : ''}${post.isAccepted ? ' post--accepted' : ''}${highlighted ? ' post--target' : ''}`}
      aria-label={isOpening ? `${kindLabels[threadKind as keyof typeof kindLabels]} by ${post.authorUsername}` : `Reply ${post.postNumber - 1} by ${post.authorUsername}`}
    >
      <header className="post__header">
        <Avatar username={post.authorUsername} />
        <div className="post__byline">
          <Link to={userUrl(post.authorUsername)} className="post__author">
            {post.authorUsername}
          </Link>
          {post.isStaffAuthor ? <Badge tone="staff">Staff</Badge> : null}
          {post.isAccepted ? <Badge tone="success">✓ Accepted answer</Badge> : null}
          <span className="muted small">
            <a href={`#post-${post.postNumber}`} className="post__permalink">
              <RelativeTime date={post.createdAt} />
            </a>
            {post.editedAt ? (
              <>
                {' · '}
                <span title={`Edited ${new Date(post.editedAt).toLocaleString('en')}`}>edited</span>
              </>
            ) : null}
          </span>
        </div>
        <span className="post__number muted small">#{post.postNumber}</span>
      </header>
      <div className="post__body">
        <PostBody post={post} />
      </div>
      {children}
      {post.canVote || post.canAccept || post.canEdit || post.canDelete || (post.postNumber > 1 && post.helpfulCount > 0) ? (
        <footer className="post__footer">
          {post.postNumber > 1 && !post.deleted ? (
            post.canVote ? (
              <HelpfulButton postId={post.id} postNumber={post.postNumber} count={post.helpfulCount} voted={post.voted} />
            ) : (
              <span className="muted small">
                {post.helpfulCount} found this helpful
              </span>
            )
          ) : null}
          {post.canAccept ? <AcceptButton postId={post.id} postNumber={post.postNumber} accepted={post.isAccepted} /> : null}
          {post.canEdit ? (
            <Link to={`/p/${post.id}/edit`} className="button button--small button--ghost">
              Edit<span className="visually-hidden"> post #{post.postNumber}</span>
            </Link>
          ) : null}
          {post.canDelete ? <DeleteButton postId={post.id} postNumber={post.postNumber} /> : null}
        </footer>
      ) : null}
    </article>
  )
}

function Pager({ thread, page, totalPages }: Pick<Data, 'thread' | 'page' | 'totalPages'>) {
  if (totalPages <= 1) return null
  return (
    <nav className="pager" aria-label="Thread pages">
      {page > 1 ? (
        <Link to={threadUrl(thread, page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="muted">
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? (
        <Link to={threadUrl(thread, page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}

export function ThreadView() {
  const data = useLoaderData<typeof loadThread>()
  const action = useActionData<typeof threadAction>()
  const navigation = useNavigation()
  const location = useLocation()
  const { thread, posts, page, totalPages } = data
  const target = Number(location.hash.replace('#post-', '')) || null
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'reply'
  const errors = action && 'errors' in action ? (action.errors as Record<string, string>) : {}
  const message = action && 'message' in action ? (action.message as string) : null
  const failed = Boolean(action && 'ok' in action && action.ok === false)
  const preview = action && 'preview' in action ? action.preview : null
  const values = action && 'values' in action ? (action.values as Record<string, string>) : {}

  return (
    <div className="thread-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Home</Link> <span aria-hidden="true">/</span>{' '}
        <Link to={categoryUrl(thread.categorySlug)}>{thread.categoryName}</Link>
      </nav>
      <header className="thread-header">
        <h1>{thread.title}</h1>
        <div className="thread-header__meta">
          <Badge tone={thread.kind === 'question' ? 'info' : thread.kind === 'idea' ? 'warning' : 'neutral'}>{kindLabels[thread.kind]}</Badge>
          {thread.acceptedPostId ? <Badge tone="success">✓ Solved</Badge> : null}
          {thread.locked ? <Badge>Locked</Badge> : null}
          {thread.deleted ? <Badge tone="warning">Deleted</Badge> : null}
          <span className="muted">
            {thread.kind === 'question' ? 'Asked' : 'Started'} by {thread.authorUsername} <RelativeTime date={thread.createdAt} /> ·{' '}
            {thread.replyCount}{' '}
            {thread.replyCount === 1 ? 'reply' : 'replies'}
          </span>
        </div>
        <PromoteForm data={data} />
        {data.canLock ? (
          <Form method="post" className="inline-form">
            <button type="submit" name="intent" value={thread.locked ? 'unlock' : 'lock'} className="button button--small button--ghost">
              {thread.locked ? 'Unlock thread' : 'Lock thread'}
            </button>
          </Form>
        ) : null}
      </header>

      <RelatedIdeas data={data} />
      {message && !failed ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      {data.idea ? <IdeaPanel data={data} /> : null}
      <div className="order-switch" role="navigation" aria-label="Order of replies">
        <span className="muted small">Replies:</span>
        <Link to={threadUrl(thread)} aria-current={data.order === 'oldest' ? 'page' : undefined} className="order-switch__link">
          Oldest first
        </Link>
        <Link to={`${threadUrl(thread)}?order=helpful`} aria-current={data.order === 'helpful' ? 'page' : undefined} className="order-switch__link">
          Most helpful
        </Link>
      </div>
      {data.order === 'oldest' ? <Pager thread={thread} page={page} totalPages={totalPages} /> : null}
      <div className="posts">
        {posts.map((post) => (
          <PostItem key={post.id} post={post} threadKind={thread.kind} highlighted={post.postNumber === target}>
            {post.postNumber === 1 && data.meToo.shown ? (
              <div className="post__extras">
                <MeTooButton count={thread.meTooCount} mine={data.meToo.mine} canPress={data.meToo.canPress} />
              </div>
            ) : null}
            {post.postNumber === 1 && data.accepted ? (
              <aside className="accepted-summary" aria-label="Accepted answer">
                <p className="accepted-summary__title">
                  <Badge tone="success">✓ Solved</Badge> Accepted answer by <strong>{data.accepted.authorUsername}</strong>
                </p>
                <p>{data.accepted.excerpt}</p>
                <Link to={postUrl(thread, data.accepted.postNumber)}>Jump to the answer (#{data.accepted.postNumber})</Link>
              </aside>
            ) : null}
          </PostItem>
        ))}
      </div>
      {data.order === 'oldest' ? (
        <Pager thread={thread} page={page} totalPages={totalPages} />
      ) : data.nextHelpful ? (
        <nav className="pager" aria-label="More replies">
          <span />
          <Link to={`${threadUrl(thread)}?order=helpful&after=${encodeURIComponent(data.nextHelpful)}`} rel="next">
            More replies →
          </Link>
        </nav>
      ) : null}

      <section className="reply-box" aria-labelledby="reply-heading">
        <h2 id="reply-heading">Your reply</h2>
        {data.replyBox.state === 'open' ? (
          // A new key after each post clears the form once the reply is in.
          <Form method="post" key={thread.lastPostNumber} className="stack" preventScrollReset={preview !== null}>
            <FormMessage message={failed ? message : null} />
            <MarkdownEditor label="Reply" defaultValue={values.body} error={errors.body} previewHtml={preview} rows={6} />
            <div className="form-actions">
              <button type="submit" name="intent" value="reply" className="button button--primary" disabled={busy}>
                {busy ? 'Posting…' : 'Post reply'}
              </button>
              <button type="submit" name="intent" value="preview" className="button button--ghost" formNoValidate>
                Preview
              </button>
            </div>
          </Form>
        ) : data.replyBox.state === 'refused' ? (
          <p className="notice">{data.replyBox.reason}</p>
        ) : (
          <p className="notice">
            <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>Sign in</Link> or{' '}
            <Link to="/join">join the community</Link> to reply.
          </p>
        )}
      </section>
    </div>
  )
}
