import type { NotificationKind } from '../../../db/types'
import { statusLabels } from '../ideas/idea.terms'

/** What a notification says, in a sentence: the same words on the page and in mail. */
export function describeNotification(n: {
  kind: NotificationKind
  actorUsername: string | null
  threadTitle: string | null
  detail: Record<string, string>
}): string {
  const who = n.actorUsername ?? 'Someone'
  const title = `“${n.threadTitle ?? 'a thread'}”`
  switch (n.kind) {
    case 'reply':
      return `${who} replied in ${title}`
    case 'mention':
      return `${who} mentioned you in ${title}`
    case 'quote':
      return `${who} quoted you in ${title}`
    case 'accepted':
      return `Your reply in ${title} was accepted as the answer`
    case 'answered':
      return `${title} has an accepted answer`
    case 'idea_status': {
      const status = statusLabels[n.detail.status as keyof typeof statusLabels] ?? n.detail.status
      return `The idea ${title} is now ${status}`
    }
    case 'new_thread':
      return `${who} started ${title}`
    case 'post_hidden':
      return `Staff hid your post in ${title}${n.detail.reason ? `: ${n.detail.reason}` : ''}`
    case 'post_approved':
      return `Your post in ${title} was approved and is public`
  }
}
