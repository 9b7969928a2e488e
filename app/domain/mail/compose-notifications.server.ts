import type { Db } from '../../../db/client'
import { listNotificationsForMail, type MailRow, type NotificationForMail } from '../../../db/queries/mail'
import { postUrl, threadUrl } from '../../lib/urls'
import { excerptOf } from '../markdown/render.server'
import { describeNotification } from '../notifications/describe'
import { defaultDelivery, topicLabels } from '../notifications/topics'
import { unsubscribeUrl, type UnsubscribeScope } from '../notifications/unsubscribe.server'
import { decide, mayQuote, type User } from '../policy.server'
import { renderBlocks, subjectLine, type Block } from './layout'
import type { ComposeContext, Composed, MailMessage } from './message'

/*
 * Notification mail, one notification at a time or a day's in a digest.
 * Everything is read again when the mail goes, because a lot may have
 * happened since it was queued: the post hidden or deleted, the thread
 * moved to a category the reader cannot open, the reader's mind changed
 * about the topic. What the reader may no longer see is left out, and a
 * mail left with nothing is not sent at all.
 */

const EXCERPT_LENGTH = 300

/** Why a notification is no longer mailed, or null when it still may be. */
function reasonToLeaveOut(reader: User, item: NotificationForMail): string | null {
  if ((item.chosenDelivery ?? defaultDelivery[item.topic]) === 'never') return 'the member turned this topic off'
  if (!item.thread || !decide(reader, 'notification:see', { thread: item.thread, post: item.post }).ok)
    return 'the member can no longer see what it is about'
  return null
}

/** The sentence the bell and /notifications show, so a mail and the page say the same. */
function headlineOf(item: NotificationForMail): string {
  return describeNotification({
    kind: item.kind,
    actorUsername: item.actorUsername,
    threadTitle: item.thread?.title ?? null,
    detail: item.detail,
  })
}

/**
 * What the team wrote for readers with a status change (the public note;
 * internal notes never reach a notification). A hidden post's reason is in
 * the headline already.
 */
function noteOf(item: NotificationForMail): string | null {
  const note = item.kind === 'idea_status' ? item.detail.note?.trim() : undefined
  return note ? `Note from the team: ${note}` : null
}

function itemBlocks(item: NotificationForMail, context: ComposeContext): Block[] {
  const thread = item.thread!
  const blocks: Block[] = [{ type: 'heading', text: headlineOf(item) }]
  // A hidden, held or deleted post's words stay on its page, even for its author.
  if (item.post && mayQuote(item.post)) {
    const excerpt = excerptOf(item.post.html, EXCERPT_LENGTH)
    if (excerpt) blocks.push({ type: 'quote', text: excerpt })
  }
  const note = noteOf(item)
  if (note) blocks.push({ type: 'text', text: note })
  const path = item.post ? postUrl(thread, item.post.postNumber) : threadUrl(thread)
  blocks.push({ type: 'link', label: item.post ? 'Open the post' : 'Open the thread', url: `${context.publicUrl}${path}` })
  return blocks
}

async function footer(sql: Db, context: ComposeContext, reader: User, scope: UnsubscribeScope) {
  const unsubscribe = await unsubscribeUrl(sql, context.publicUrl, reader.id, scope)
  const blocks: Block[] = [
    { type: 'rule' },
    {
      type: 'small',
      text:
        scope === 'all'
          ? 'You get this digest because of your notification settings.'
          : `You get this mail because “${topicLabels[scope].label}” is set to Right away in your notification settings.`,
    },
    { type: 'link', label: 'Change your notification settings', url: `${context.publicUrl}/settings/notifications` },
    {
      type: 'link',
      label: scope === 'all' ? 'Unsubscribe from all notification email' : `Unsubscribe from “${topicLabels[scope].label}”`,
      url: unsubscribe,
    },
  ]
  // RFC 8058: mail programs show their own unsubscribe button, which posts to the same address.
  const headers = { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
  return { blocks, headers }
}

function message(context: ComposeContext, to: string, subject: string, blocks: Block[], headers: Record<string, string>): MailMessage {
  return { to, subject: subjectLine(subject), ...renderBlocks(blocks, context.siteName), headers }
}

/** One notification, sent as soon as it happened. */
export async function composeNotificationMail(
  sql: Db,
  mail: MailRow,
  reader: User & { email: string },
  context: ComposeContext,
): Promise<Composed> {
  const [item] = await listNotificationsForMail(sql, mail.notificationIds.slice(0, 1))
  if (!item || item.userId !== reader.id) return { drop: 'the notification no longer exists' }
  const leaveOut = reasonToLeaveOut(reader, item)
  if (leaveOut) return { drop: leaveOut }
  const end = await footer(sql, context, reader, item.topic)
  return {
    message: message(
      context,
      reader.email,
      headlineOf(item),
      [{ type: 'text', text: `Hi ${reader.username},` }, ...itemBlocks(item, context), ...end.blocks],
      end.headers,
    ),
  }
}

/** A day's notifications in one mail: those the reader may still see, oldest first. */
export async function composeDigest(sql: Db, mail: MailRow, reader: User & { email: string }, context: ComposeContext): Promise<Composed> {
  const items = (await listNotificationsForMail(sql, mail.notificationIds)).filter(
    (item) => item.userId === reader.id && !reasonToLeaveOut(reader, item),
  )
  if (!items.length) return { drop: 'nothing in it is still for the member to see' }
  const blocks: Block[] = [
    { type: 'text', text: `Hi ${reader.username},` },
    {
      type: 'text',
      text:
        items.length === 1
          ? `Here is what happened in ${context.siteName}:`
          : `Here are ${items.length} things that happened in ${context.siteName}:`,
    },
  ]
  items.forEach((item, index) => {
    if (index > 0) blocks.push({ type: 'rule' })
    blocks.push(...itemBlocks(item, context))
  })
  const end = await footer(sql, context, reader, 'all')
  const subject = items.length === 1 ? 'Your community digest: 1 update' : `Your community digest: ${items.length} updates`
  return { message: message(context, reader.email, subject, [...blocks, ...end.blocks], end.headers) }
}
