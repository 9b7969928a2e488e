import type { Delivery, NotificationKind, NotificationTopic } from '../../../db/types'

/*
 * The email settings a member chooses between. Answers to their own
 * questions are what brought them here, so those go at once by default;
 * everything else waits for the daily digest unless they say otherwise.
 */

export const topicLabels: Record<NotificationTopic, { label: string; hint: string }> = {
  my_questions: {
    label: 'Answers to my questions',
    hint: 'Replies to a question I asked, and an answer accepted on one I asked or said "me too" on.',
  },
  replies: { label: 'Replies', hint: 'Replies in discussions and ideas I started, and in threads I watch.' },
  mentions: { label: 'Mentions and quotes', hint: 'Someone @mentions or quotes me.' },
  accepted: { label: 'My answers accepted', hint: 'A reply of mine is accepted as the answer.' },
  ideas: { label: 'Ideas I need', hint: 'The status changes on an idea I voted for, posted, or asked about.' },
  new_threads: { label: 'New threads in categories I watch', hint: 'Each new thread in a watched category.' },
  moderation: { label: 'Staff actions on my posts', hint: 'A post of mine hidden (with the reason) or approved.' },
}

export const defaultDelivery: Record<NotificationTopic, Delivery> = {
  my_questions: 'immediately',
  replies: 'digest',
  mentions: 'digest',
  accepted: 'digest',
  ideas: 'digest',
  new_threads: 'digest',
  moderation: 'digest',
}

export const deliveryLabels: Record<Delivery, string> = {
  immediately: 'Right away',
  digest: 'Daily digest',
  never: 'Never',
}

/** The topic a notification falls under; a reply is an answer when the thread is my question. */
export function topicOf(kind: NotificationKind, onMyQuestion: boolean): NotificationTopic {
  switch (kind) {
    case 'reply':
      return onMyQuestion ? 'my_questions' : 'replies'
    case 'answered':
      return 'my_questions'
    case 'mention':
    case 'quote':
      return 'mentions'
    case 'accepted':
      return 'accepted'
    case 'idea_status':
      return 'ideas'
    case 'new_thread':
      return 'new_threads'
    case 'post_hidden':
    case 'post_approved':
      return 'moderation'
  }
}
