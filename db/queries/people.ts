import type { Db, Fragment } from '../client'
import type { Role } from '../types'
import { notDeleted } from '../visibility'

/* People as staff look them up: the list of accounts in administration, and one account in full. */

export const peopleSorts = ['joined', 'lastSeen', 'posts', 'reputation'] as const
export type PeopleSort = (typeof peopleSorts)[number]

export interface PeopleFilters {
  /** Part of a username, display name or address, any case. */
  search?: string
  role?: Role
  /** New: not trusted yet (their first posts wait for staff); trusted: the rest. */
  trust?: 'new' | 'trusted'
  suspended?: boolean
}

export interface PersonListing {
  id: number
  username: string
  displayName: string | null
  email: string
  role: Role
  createdAt: Date
  lastSeenAt: Date | null
  reputation: number
  trustedAt: Date | null
  suspendedUntil: Date | null
  posts: number
}

/** A LIKE pattern matching the text anywhere, its own wildcards taken literally. */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** A person's posts that still exist, shown or not (held and hidden ones count: they are still theirs). */
const postsOf = (sql: Db, alias: string) =>
  sql`(select count(*)::int from posts p where p.author_id = ${sql(alias)}.id and ${notDeleted(sql, 'p')})`

/** Each order's key, for a user row aliased as `alias`; every order is descending, the id breaking ties. */
function sortKey(sql: Db, sort: PeopleSort, alias: string) {
  switch (sort) {
    case 'joined':
      return sql`${sql(alias)}.created_at`
    case 'lastSeen':
      // Never seen sorts last, as the index does.
      return sql`coalesce(${sql(alias)}.last_seen_at, '-infinity'::timestamptz)`
    case 'reputation':
      return sql`${sql(alias)}.reputation`
    case 'posts':
      return postsOf(sql, alias)
  }
}

/**
 * One page of people, keyset-paged: `after` is the id of the last person on
 * the previous page, and the page continues below that person's key. Deleted
 * accounts are not people any more, and are never listed. Ordering by posts
 * counts everyone's posts that match the filters, once per page; the other
 * orders follow an index and count posts for the page's rows only.
 */
export async function listPeople(
  sql: Db,
  options: { filters: PeopleFilters; sort: PeopleSort; after?: number; limit: number },
): Promise<PersonListing[]> {
  const { filters, sort, after, limit } = options
  const key = sortKey(sql, sort, 'u')
  const pattern = filters.search ? containing(filters.search) : null
  return sql<PersonListing[]>`
    select u.id, u.username, u.display_name, u.email, u.role, u.created_at, u.last_seen_at, u.reputation, u.trusted_at,
           u.suspended_until, ${postsOf(sql, 'u')} as posts
    from users u
    where ${notDeleted(sql, 'u')}
      ${pattern ? sql`and (lower(u.username) like ${pattern} or lower(u.email) like ${pattern} or lower(u.display_name) like ${pattern})` : sql``}
      ${filters.role ? sql`and u.role = ${filters.role}` : sql``}
      ${filters.trust === 'new' ? sql`and u.trusted_at is null` : filters.trust === 'trusted' ? sql`and u.trusted_at is not null` : sql``}
      ${filters.suspended === true ? sql`and u.suspended_until > now()` : filters.suspended === false ? sql`and (u.suspended_until is null or u.suspended_until <= now())` : sql``}
      ${after ? sql`and (${key}, u.id) < (select ${sortKey(sql, sort, 'c')}, c.id from users c where c.id = ${after})` : sql``}
    order by ${key} desc, u.id desc
    limit ${limit}`
}

export interface PersonInFull extends PersonListing {
  suspendedReason: string | null
  emailVerifiedAt: Date | null
  deletedAt: Date | null
  /** Flags others raised against this person's posts, by how staff decided them. */
  flagsAgainst: { open: number; upheld: number; cleared: number }
  /** Flags this person raised on others' posts. */
  flagsBy: { open: number; upheld: number; cleared: number }
  /** Sessions still valid, and when one of them was last used. */
  sessions: number
  sessionLastUsedAt: Date | null
  /** Admins besides this person still able to sign in: the last admin is neither deleted nor demoted. */
  otherAdmins: number
}

const flagCounts = (sql: Db, where: Fragment) => sql`
  (select json_build_object(
            'open', count(*) filter (where f.resolved_at is null),
            'upheld', count(*) filter (where f.resolution = 'upheld'),
            'cleared', count(*) filter (where f.resolution = 'cleared'))
   from flags f where ${where})`

/** One account as administration shows it, by username (any case); deleted ones too, for the caller to turn away. */
export async function findPersonInFull(sql: Db, username: string): Promise<PersonInFull | undefined> {
  const [row] = await sql<PersonInFull[]>`
    select u.id, u.username, u.display_name, u.email, u.role, u.created_at, u.last_seen_at, u.reputation, u.trusted_at,
           u.suspended_until, u.suspended_reason, u.email_verified_at, u.deleted_at,
           ${postsOf(sql, 'u')} as posts,
           ${flagCounts(sql, sql`f.post_id in (select p.id from posts p where p.author_id = u.id)`)} as flags_against,
           ${flagCounts(sql, sql`f.user_id = u.id`)} as flags_by,
           (select count(*)::int from sessions s where s.user_id = u.id and s.expires_at > now()) as sessions,
           (select max(s.last_used_at) from sessions s where s.user_id = u.id and s.expires_at > now()) as session_last_used_at,
           (select count(*)::int from users a where a.role = 'admin' and a.id <> u.id and ${notDeleted(sql, 'a')}) as other_admins
    from users u
    where lower(u.username) = lower(${username})`
  return row
}
