import { useFetcher } from '@remix-run/react'

import type { IdeaPanelData } from '../thread/types'

type VoteAnswer = { ideaVote?: { voted: boolean; count: number; budget: { total: number; left: number } | null }; message?: string | null }

/**
 * The idea's vote count and button. A fetcher form: with JavaScript the count
 * changes in place (optimistically) and a refusal (an empty budget) shows
 * under it; without JavaScript the same form posts and the page comes back.
 */
export function IdeaVote({ panel }: { panel: IdeaPanelData }) {
  const fetcher = useFetcher<VoteAnswer>()
  const pending = fetcher.formData ? fetcher.formData.get('value') === 'on' : null
  const voted = pending ?? fetcher.data?.ideaVote?.voted ?? panel.voted
  const count =
    pending === null ? (fetcher.data?.ideaVote?.count ?? panel.votes) : panel.votes + (pending === panel.voted ? 0 : pending ? 1 : -1)
  const budget = fetcher.data?.ideaVote ? fetcher.data.ideaVote.budget : panel.budget
  const refusal = fetcher.data && !fetcher.data.ideaVote ? fetcher.data.message : null
  return (
    <div className="idea-vote">
      <div className="idea-vote__count" aria-live="polite">
        <strong>{count}</strong> {count === 1 ? 'vote' : 'votes'}
      </div>
      {panel.canVote ? (
        <fetcher.Form method="post" preventScrollReset>
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="value" value={voted ? 'off' : 'on'} />
          <button type="submit" className={`button ${voted ? 'button--pressed' : 'button--primary'}`} aria-pressed={voted}>
            {voted ? '✓ Voted' : 'Vote for this idea'}
          </button>
        </fetcher.Form>
      ) : (
        <p className="muted small">{panel.voteRefusal}</p>
      )}
      {budget ? (
        <p className="muted small">
          {budget.left} of {budget.total} votes left
        </p>
      ) : null}
      <p className="form-message" role="alert" hidden={!refusal}>
        {refusal ?? ''}
      </p>
    </div>
  )
}
