import type { NotificationKind } from '../../../db/types'
import { ideaStatuses, statusLabels, type IdeaStatus } from '../ideas/idea.schema'

/*
 * What a notification says in a mail: who did what, in which thread, and
 * for some kinds a word from staff. Only what the notification's writer
 * put in `detail` for the reader (an idea's public status note, the reason a
 * post was hidden) ever appears; internal notes are never in it.
 */

export interface NotificationFacts {
  kind: NotificationKind
  actorUsername: string | null
  threadTitle: string
  detail: Record<string, unknown>
}

export interface NotificationText {
  headline: string
  /** A word from staff, labelled: the idea's public note, the reason for hiding. */
  note: { label: string; text: string } | null
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null)

export function describeNotification({ kind, actorUsername, threadTitle, detail }: NotificationFacts): NotificationText {
  const who = actorUsername ?? 'Someone'
  const title = `“${threadTitle}”`
  switch (kind) {
    case 'reply':
      return { headline: `${who} replied to ${title}`, note: null }
    case 'mention':
      return { headline: `${who} mentioned you in ${title}`, note: null }
    case 'quote':
      return { headline: `${who} quoted you in ${title}`, note: null }
    case 'accepted':
      return { headline: `${who} accepted your answer to ${title}`, note: null }
    case 'answered':
      return { headline: `An answer was accepted on ${title}`, note: null }
    case 'new_thread':
      return { headline: `${who} started ${title}`, note: null }
    case 'idea_status': {
      const status = ideaStatuses.includes(detail.status as IdeaStatus) ? statusLabels[detail.status as IdeaStatus] : null
      const note = text(detail.note)
      return {
        headline: status ? `The idea ${title} is now ${status}` : `The idea ${title} has a new status`,
        note: note ? { label: 'Note from the team', text: note } : null,
      }
    }
    case 'post_hidden': {
      const reason = text(detail.reason)
      return { headline: `Your post in ${title} was hidden`, note: reason ? { label: 'Reason', text: reason } : null }
    }
    case 'post_approved':
      return { headline: `Your post in ${title} was approved and is now public`, note: null }
  }
}
