import type { Sql } from '../../../db/client'
import * as posts from '../../../db/queries/posts'
import * as reputation from '../../../db/queries/reputation'
import * as threads from '../../../db/queries/threads'
import * as users from '../../../db/queries/users'
import { adminUserUrl } from '../../lib/urls'
import { DomainError } from '../errors'
import { can, isStaff, readablePosts, visibleThreads, type Actor } from '../policy.server'
import { leaderboardPeriods, type LeaderboardPeriod } from '../threads/thread.terms'

/* Profiles and the leaderboard. */

export async function getProfilePage(sql: Sql, actor: Actor, username: string) {
  const user = await users.findUserByUsername(sql, username)
  // A deleted account has no page: its posts stay, shown as by "deleted user".
  if (!user || user.deletedAt) throw new DomainError('not_found')
  const [stats, recentPosts, recentThreads] = await Promise.all([
    reputation.findProfileStats(sql, user.id),
    posts.listRecentPostsByAuthor(sql, {
      authorId: user.id,
      limit: 10,
      readable: readablePosts(sql, actor),
      visible: visibleThreads(sql, actor),
    }),
    threads.listThreadsByAuthor(sql, user.id, 10, visibleThreads(sql, actor)),
  ])
  return {
    user: {
      username: user.username,
      role: user.role,
      createdAt: user.createdAt,
      displayName: user.displayName,
      bio: user.bio,
      avatar: user.avatar,
    },
    // Staff see a member's suspension, and why; nobody else does.
    suspension:
      isStaff(actor) && user.suspendedUntil && user.suspendedUntil > new Date()
        ? { until: user.suspendedUntil.getUTCFullYear() >= 9000 ? null : user.suspendedUntil, reason: user.suspendedReason ?? '' }
        : null,
    // Staff go from a profile to the account's page in administration.
    adminHref: can(actor, 'people:view') ? adminUserUrl(user.username) : null,
    stats,
    recentPosts,
    recentThreads,
  }
}

export async function getLeaderboard(sql: Sql, period: LeaderboardPeriod) {
  const days = leaderboardPeriods[period]
  const since = days === null ? null : new Date(Date.now() - days * 24 * 3600 * 1000)
  return { period, helpers: await reputation.listTopHelpers(sql, since, 25) }
}
