import type { Sql } from '../../../db/client'
import * as people from '../../../db/queries/people'
import { DomainError } from '../errors'
import { peopleFilterSchema, type PeopleFilterInput } from '../people/people.schema'
import { authorize, can, type Actor } from '../policy.server'

/* People in administration: staff look accounts up; what an admin may change shows only to admins. */

export const PEOPLE_PAGE_SIZE = 50

const suspendedNow = (until: Date | null) => until !== null && until > new Date()

/**
 * /admin/users: people found by part of their name or address, filtered by
 * role, trust and suspension, in pages of 50 that continue after the last
 * person shown (never counted from the start).
 */
export async function getPeoplePage(sql: Sql, actor: Actor, query: PeopleFilterInput, after?: number) {
  authorize(actor, 'people:view')
  const parsed = peopleFilterSchema.safeParse(query)
  const errors: Record<string, string> = {}
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message
  const filters = parsed.success ? parsed.data : null
  const rows = filters
    ? await people.listPeople(sql, {
        filters: {
          search: filters.q,
          role: filters.role,
          trust: filters.trust,
          suspended: filters.suspended === undefined ? undefined : filters.suspended === 'yes',
        },
        sort: filters.sort,
        after,
        limit: PEOPLE_PAGE_SIZE + 1,
      })
    : []
  const shown = rows.slice(0, PEOPLE_PAGE_SIZE)
  return {
    people: shown.map((row) => ({
      username: row.username,
      displayName: row.displayName,
      email: row.email,
      role: row.role,
      joinedAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      posts: row.posts,
      reputation: row.reputation,
      trusted: row.trustedAt !== null,
      suspended: suspendedNow(row.suspendedUntil),
    })),
    nextAfter: rows.length > PEOPLE_PAGE_SIZE ? shown[shown.length - 1].id : null,
    errors,
  }
}

/**
 * /admin/users/:username: one account in full for staff, with the changes
 * the viewer may make. A deleted account is nobody's any more: not found.
 */
export async function getPersonAdminPage(sql: Sql, actor: Actor, username: string) {
  const viewer = authorize(actor, 'people:view')
  const person = await people.findPersonInFull(sql, username)
  if (!person || person.deletedAt) throw new DomainError('not_found', 'Nobody has that username.')
  const suspended = suspendedNow(person.suspendedUntil)
  const lastAdmin = person.role === 'admin' && person.otherAdmins === 0
  return {
    person: {
      id: person.id,
      username: person.username,
      displayName: person.displayName,
      email: person.email,
      emailVerified: person.emailVerifiedAt !== null,
      role: person.role,
      joinedAt: person.createdAt,
      lastSeenAt: person.lastSeenAt,
      posts: person.posts,
      reputation: person.reputation,
      trustedAt: person.trustedAt,
      suspension: suspended
        ? {
            until: person.suspendedUntil!.getUTCFullYear() >= 9000 ? null : person.suspendedUntil,
            reason: person.suspendedReason ?? '',
          }
        : null,
      flagsAgainst: person.flagsAgainst,
      flagsBy: person.flagsBy,
      sessions: person.sessions,
      sessionLastUsedAt: person.sessionLastUsedAt,
    },
    isSelf: viewer.id === person.id,
    lastAdmin,
    // Which forms to show; each action asks the policy again when it runs.
    // Keeping the role they have is always allowed: this asks only whether the viewer changes roles at all.
    canChangeRole: can(actor, 'user:changeRole', { from: person.role, to: person.role, otherAdmins: person.otherAdmins }),
    canSuspend: can(actor, 'user:suspend', { role: person.role }),
    canDelete: can(actor, 'user:delete', { userId: person.id, role: person.role, otherAdmins: person.otherAdmins }),
  }
}
