import { createHmac, timingSafeEqual } from 'node:crypto'

import type { Db } from '../../../db/client'
import { findForumKey } from '../../../db/queries/mail'

/*
 * Links sent by email (unsubscribe, confirm an address) work signed out, so
 * they carry their own proof: what they are for and a signature made with
 * the forum's key (kept in the database, so every process signs alike). The
 * subject is readable; only the signature is secret.
 */

let cached: { sql: Db; key: Promise<string> } | null = null

function linkKey(sql: Db): Promise<string> {
  if (cached?.sql !== sql) cached = { sql, key: findForumKey(sql, 'links') }
  return cached.key
}

function signature(key: string, purpose: string, subject: string): string {
  return createHmac('sha256', key).update(`${purpose}\n${subject}`).digest('base64url')
}

/** A token for `subject` (dot-free words and numbers), good only for `purpose`. */
export async function signLink(sql: Db, purpose: string, subject: string): Promise<string> {
  return `${subject}.${signature(await linkKey(sql), purpose, subject)}`
}

/** The subject a token was signed for, or null when it was not signed by this forum for this purpose. */
export async function readLink(sql: Db, purpose: string, token: unknown): Promise<string | null> {
  if (typeof token !== 'string' || token.length > 500) return null
  const dot = token.lastIndexOf('.')
  if (dot <= 0) return null
  const subject = token.slice(0, dot)
  const given = Buffer.from(token.slice(dot + 1))
  const expected = Buffer.from(signature(await linkKey(sql), purpose, subject))
  return given.length === expected.length && timingSafeEqual(given, expected) ? subject : null
}
