import type { Db } from '../../../db/client'
import { findMailAddress } from '../../../db/queries/mail'
import { notificationTopics, type NotificationTopic } from '../../../db/types'
import { DomainError } from '../errors'
import { readLink, signLink } from '../mail/links.server'
import { stopMail } from './settings.server'
import { topicLabels } from './topics'

/*
 * Unsubscribe links work signed out, from any mail program, in one click
 * (RFC 8058): the link names the member and the topic (or `all`, from a
 * digest) and is signed with the forum's key, so it proves itself. Opening
 * it changes nothing, since mail scanners follow links; only a POST does.
 */

export type UnsubscribeScope = NotificationTopic | 'all'

const PURPOSE = 'unsubscribe'

/** The absolute address a mail links to, and posts to for one-click unsubscribe. */
export async function unsubscribeUrl(sql: Db, publicUrl: string, userId: number, scope: UnsubscribeScope): Promise<string> {
  return `${publicUrl}/unsubscribe/${await signLink(sql, PURPOSE, `${userId}-${scope}`)}`
}

export interface Unsubscribe {
  userId: number
  username: string
  scope: UnsubscribeScope
  /** What stops, in words: “email about Replies”, “all notification email”. */
  what: string
}

const notValid = () =>
  new DomainError(
    'not_found',
    'This unsubscribe link is not valid: it may have been cut short on its way. Open it again from the mail, or sign in and choose what you get at Settings → Notifications.',
  )

/** What a token would stop; a forged, damaged or outdated one is refused with a message. */
export async function readUnsubscribe(sql: Db, token: unknown): Promise<Unsubscribe> {
  const subject = await readLink(sql, PURPOSE, token)
  const match = subject ? /^(\d+)-(\w+)$/.exec(subject) : null
  if (!match) throw notValid()
  const scope = match[2] as UnsubscribeScope
  if (scope !== 'all' && !notificationTopics.includes(scope)) throw notValid()
  const user = await findMailAddress(sql, Number(match[1]))
  if (!user) throw notValid()
  return {
    userId: user.id,
    username: user.username,
    scope,
    what: scope === 'all' ? 'all notification email' : `email about “${topicLabels[scope].label}”`,
  }
}

/** Sets the token's topic (or every topic) to Never. Doing it twice changes nothing more. */
export async function unsubscribe(sql: Db, token: unknown): Promise<Unsubscribe> {
  const found = await readUnsubscribe(sql, token)
  await stopMail(sql, found.userId, found.scope)
  return found
}
