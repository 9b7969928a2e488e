import { Form, useFetcher } from '@remix-run/react'
import { useEffect, useState } from 'react'

import { RouteLink } from '../route-link'

/**
 * "Helpful" on a reply. A fetcher form: with JavaScript the count changes
 * in place (optimistically); without it the same form posts and the page
 * comes back with the new count. It sends the wanted state, so a double
 * click cannot undo itself.
 */
export function HelpfulButton({
  postId,
  postNumber,
  count,
  voted,
  disabled,
}: {
  postId: number
  postNumber: number
  count: number
  voted: boolean
  disabled?: boolean
}) {
  const fetcher = useFetcher<{ vote?: { voted: boolean; count: number }; message?: string | null }>()
  const pending = fetcher.formData ? fetcher.formData.get('value') === 'on' : null
  const shownVoted = pending ?? fetcher.data?.vote?.voted ?? voted
  const shownCount = pending === null ? (fetcher.data?.vote?.count ?? count) : count + (pending === voted ? 0 : pending ? 1 : -1)
  return (
    <fetcher.Form method="post" className="inline-form" preventScrollReset>
      <input type="hidden" name="intent" value="helpful" />
      <input type="hidden" name="postId" value={postId} />
      <input type="hidden" name="value" value={shownVoted ? 'off' : 'on'} />
      <button
        type="submit"
        className={`button button--small ${shownVoted ? 'button--pressed' : 'button--ghost'}`}
        aria-pressed={shownVoted}
        disabled={disabled}
      >
        <span aria-hidden="true">▲</span> Helpful <span className="count-pill">{shownCount}</span>
        <span className="visually-hidden"> (reply #{postNumber})</span>
      </button>
      <Refusal answer={fetcher.data} />
    </fetcher.Form>
  )
}

export function MeTooButton({ count, mine, canPress }: { count: number; mine: boolean; canPress: boolean }) {
  const fetcher = useFetcher<{ meToo?: { on: boolean; count: number }; message?: string | null }>()
  const pending = fetcher.formData ? fetcher.formData.get('value') === 'on' : null
  const shownMine = pending ?? fetcher.data?.meToo?.on ?? mine
  const shownCount = pending === null ? (fetcher.data?.meToo?.count ?? count) : count + (pending === mine ? 0 : pending ? 1 : -1)
  return (
    <fetcher.Form method="post" className="inline-form" preventScrollReset>
      <input type="hidden" name="intent" value="metoo" />
      <input type="hidden" name="value" value={shownMine ? 'off' : 'on'} />
      {canPress ? (
        <button
          type="submit"
          className={`button button--small ${shownMine ? 'button--pressed' : 'button--ghost'}`}
          aria-pressed={shownMine}
        >
          I have this question too <span className="count-pill">{shownCount}</span>
        </button>
      ) : (
        <span className="muted small">
          {shownCount} {shownCount === 1 ? 'person has' : 'people have'} this question too
        </span>
      )}
      <Refusal answer={fetcher.data} />
    </fetcher.Form>
  )
}

/** A refused vote (voting too fast) says why beside its button; the count has gone back already. */
function Refusal({ answer }: { answer?: { message?: string | null } }) {
  const message = answer && !('vote' in answer) && !('meToo' in answer) ? answer.message : null
  return message ? (
    <span className="form-message small" role="alert">
      {message}
    </span>
  ) : null
}

export function AcceptButton({ postId, postNumber, accepted }: { postId: number; postNumber: number; accepted: boolean }) {
  return (
    <Form method="post" className="inline-form" preventScrollReset>
      <input type="hidden" name="intent" value={accepted ? 'unaccept' : 'accept'} />
      <input type="hidden" name="postId" value={postId} />
      <button type="submit" className={`button button--small ${accepted ? 'button--ghost' : 'button--success'}`}>
        {accepted ? 'Unmark accepted answer' : 'Accept as answer'}
        <span className="visually-hidden"> (reply #{postNumber})</span>
      </button>
    </Form>
  )
}

/** Staff (`withReason`) may say why they delete someone's post: the audit log keeps it. */
export function DeleteButton({ postId, postNumber, withReason = false }: { postId: number; postNumber: number; withReason?: boolean }) {
  return (
    <Form
      method="post"
      className="inline-form"
      preventScrollReset
      // A deletion takes the post out of view for everyone: ask once before it happens.
      onSubmit={(event) => {
        if (!window.confirm(`Delete post #${postNumber}? Readers will no longer see it.`)) event.preventDefault()
      }}
    >
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="postId" value={postId} />
      {withReason ? (
        <label>
          <span className="visually-hidden">Why delete post #{postNumber} (optional)</span>
          <input name="reason" maxLength={500} placeholder="Reason (optional)" />
        </label>
      ) : null}
      <button type="submit" className="button button--small button--ghost button--danger">
        Delete<span className="visually-hidden"> post #{postNumber}</span>
      </button>
    </Form>
  )
}

/**
 * "Flag" on someone else's post: a link to the flag form (one page for all
 * posts keeps the thread page light); once flagged, the reader sees so and
 * may withdraw it.
 */
export function FlagControl({ postId, postNumber, flagged }: { postId: number; postNumber: number; flagged: boolean }) {
  if (flagged) {
    return (
      <Form method="post" className="inline-form" preventScrollReset>
        <input type="hidden" name="intent" value="unflag" />
        <input type="hidden" name="postId" value={postId} />
        <span className="muted small">You flagged this post.</span>{' '}
        <button type="submit" className="button button--small button--ghost">
          Withdraw flag<span className="visually-hidden"> on post #{postNumber}</span>
        </button>
      </Form>
    )
  }
  return (
    <RouteLink to={`/p/${postId}/flag`} className="button button--small button--ghost" rel="nofollow">
      Flag<span className="visually-hidden"> post #{postNumber}</span>
    </RouteLink>
  )
}

/** One intent on one post, as a small button that works without JavaScript; `label` is what a screen reader hears after the text. */
export function PostIntentButton(props: {
  postId: number
  intent: string
  text: string
  label: string
  tone?: 'ghost' | 'primary' | 'danger'
}) {
  const { postId, intent, text, label, tone = 'ghost' } = props
  const toneClass = tone === 'danger' ? 'button--ghost button--danger' : `button--${tone}`
  return (
    <Form method="post" className="inline-form" preventScrollReset>
      <input type="hidden" name="postId" value={postId} />
      <button type="submit" name="intent" value={intent} className={`button button--small ${toneClass}`}>
        {text}
        <span className="visually-hidden"> {label}</span>
      </button>
    </Form>
  )
}

/** Staff decide on a post in place: hide it, or approve it (clearing flags and showing it again). */
export function ModerateButtons({ postId, postNumber, hidden }: { postId: number; postNumber: number; hidden: boolean }) {
  return (
    <PostIntentButton
      postId={postId}
      intent={hidden ? 'approve' : 'hide'}
      text={hidden ? 'Unhide' : 'Hide'}
      label={`post #${postNumber}`}
    />
  )
}

/**
 * Quotes a post into the reply box: the reader's selection inside it, or
 * the whole post, as a Markdown quote that names its author (who hears of
 * it). It needs the page's script and a reply box, so it shows only then.
 */
export function QuoteButton({ postNumber, author }: { postNumber: number; author: string }) {
  const [box, setBox] = useState<HTMLTextAreaElement | null>(null)
  useEffect(() => setBox(document.querySelector<HTMLTextAreaElement>('.reply-box textarea')), [])
  if (!box) return null
  const quote = () => {
    const body = document.querySelector(`#post-${postNumber} .prose`)
    const selection = window.getSelection()
    const selected = selection && body && !selection.isCollapsed && body.contains(selection.anchorNode) ? selection.toString() : ''
    const text = (selected || (body as HTMLElement | null)?.innerText || '').trim().slice(0, 1_000)
    const quoted = [`@${author} wrote in #${postNumber}:`, ...text.split('\n')].map((line) => `> ${line}`.trimEnd()).join('\n')
    box.value = `${box.value.trim() ? `${box.value.trimEnd()}\n\n` : ''}${quoted}\n\n`
    box.focus()
    box.setSelectionRange(box.value.length, box.value.length)
  }
  return (
    <button type="button" className="button button--small button--ghost" onClick={quote}>
      Quote<span className="visually-hidden"> post #{postNumber}</span>
    </button>
  )
}
