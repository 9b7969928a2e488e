import type { Sql } from '../../../db/client'
import * as auditLog from '../../../db/queries/audit'
import * as categories from '../../../db/queries/categories'
import { categoryUrl, postUrl, threadUrl, userUrl } from '../../lib/urls'
import { isDeletedUsername } from '../account/account.terms'
import { auditFilterSchema, type AuditFilterInput } from '../audit/audit.schema'
import { describeAction, describedActions } from '../audit/describe'
import { joiningSettingKeys } from '../joining/joining.terms'
import { authorize, type Actor } from '../policy.server'
import { settingName, settingValueText } from '../settings/rules'
import { identityKeys, ruleKeys, settingDefaults, type RuleKey } from '../settings/settings.schema'
import { getSettings } from '../settings/settings.server'

/** The latest changes /admin lists before linking to the full log. */
const LATEST_ON_ADMIN = 10

/**
 * What /admin shows: the community rules with their defaults and the
 * latest audit entries, in the same sentences as the full log.
 */
export async function getAdminPage(sql: Sql, actor: Actor) {
  authorize(actor, 'admin:view')
  const [settings, audit] = await Promise.all([getSettings(sql), auditLog.listAuditPage(sql, { filters: {}, limit: LATEST_ON_ADMIN })])
  const defaults = Object.fromEntries(
    ruleKeys.map((key) => [
      key,
      {
        text: settingValueText(key, settingDefaults[key]),
        // Whether the value in force is the default: only then is there nothing to reset.
        isDefault: JSON.stringify(settings[key]) === JSON.stringify(settingDefaults[key]),
      },
    ]),
  ) as Record<RuleKey, { text: string; isDefault: boolean }>
  return {
    settings,
    defaults,
    audit: audit.map(auditEntry),
  }
}

/** What /admin/categories shows: every category in order, with what its forms edit and the addresses it had before. */
export async function getCategoriesAdminPage(sql: Sql, actor: Actor) {
  authorize(actor, 'category:edit')
  const [list, redirects] = await Promise.all([categories.listCategories(sql), categories.listCategoryRedirects(sql)])
  return {
    categories: list.map(({ liveMark: _mark, ...c }) => ({
      ...c,
      formerSlugs: redirects.filter((r) => r.categoryId === c.id).map((r) => r.slug),
    })),
  }
}

export const AUDIT_PAGE_SIZE = 50

/** What an entry acted on, as the log links it: named as it is called now. */
function targetOf(row: auditLog.AuditRow): { label: string; href: string | null } | null {
  if (!row.targetType || row.targetId === null) return null
  const thread = row.threadId !== null && row.threadSlug !== null ? { id: row.threadId, slug: row.threadSlug } : null
  switch (row.targetType) {
    case 'thread':
    case 'idea':
      return thread ? { label: row.threadTitle!, href: threadUrl(thread) } : { label: `${row.targetType} #${row.targetId}`, href: null }
    case 'post':
      return thread && row.postNumber !== null
        ? { label: `post #${row.postNumber} in ${row.threadTitle}`, href: postUrl(thread, row.postNumber) }
        : thread
          ? { label: `a held post in ${row.threadTitle}`, href: threadUrl(thread) }
          : { label: `post ${row.targetId}`, href: null }
    case 'user':
      // A deleted account has no page, and its made-up name says nothing.
      if (row.targetUsername && isDeletedUsername(row.targetUsername))
        return { label: row.action === 'account:deleted' ? 'an account' : 'an account since deleted', href: null }
      return row.targetUsername
        ? { label: row.targetUsername, href: userUrl(row.targetUsername) }
        : { label: `person #${row.targetId}`, href: null }
    case 'category':
      return row.categorySlug
        ? { label: row.categoryName!, href: categoryUrl(row.categorySlug) }
        : { label: `category #${row.targetId}`, href: null }
    case 'setting':
      return {
        label: settingName(row.targetId),
        href: (joiningSettingKeys as readonly string[]).includes(row.targetId)
          ? '/admin/joining'
          : (identityKeys as readonly string[]).includes(row.targetId)
            ? '/admin/identity'
            : `/admin#${row.targetId}`,
      }
    case 'invitation':
      return { label: `invitation #${row.targetId}`, href: '/admin/joining' }
    default:
      return { label: `${row.targetType} ${row.targetId}`, href: null }
  }
}

/** An audit row as both lists show it: a sentence, its target named as it is called now. */
function auditEntry(row: auditLog.AuditRow) {
  return {
    id: row.id,
    actor: row.actorUsername,
    action: row.action,
    createdAt: row.createdAt,
    sentence: describeAction(row.action, row.detail),
    target: targetOf(row),
    // An edit by staff is reviewed on the post's history page.
    historyHref: row.action === 'post:edited' && row.targetType === 'post' ? `/p/${row.targetId}/history` : null,
    reason: row.reason,
  }
}

export type AuditEntryView = ReturnType<typeof auditEntry>

/** The filters as the query takes them: a thread id also finds entries about the idea it is. */
function toQueryFilters(input: AuditFilterInput): auditLog.AuditFilters {
  return {
    actor: input.actor,
    action: input.kind,
    target: input.targetType
      ? { types: input.targetType === 'thread' ? ['thread', 'idea'] : [input.targetType], id: input.targetId }
      : undefined,
  }
}

/**
 * /admin/audit: every audit entry, newest first, in pages of 50 keyed by id,
 * filtered by who, what kind, and what it acted on. Read only: no route
 * changes or removes an entry, so the log can be trusted as a record.
 */
export async function getAuditLogPage(sql: Sql, actor: Actor, query: Record<string, string>, before?: number) {
  authorize(actor, 'audit:view')
  const parsed = auditFilterSchema.safeParse(query)
  const errors: Record<string, string> = {}
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message
  const [rows, recorded] = await Promise.all([
    parsed.success
      ? auditLog.listAuditPage(sql, { filters: toQueryFilters(parsed.data), before, limit: AUDIT_PAGE_SIZE + 1 })
      : Promise.resolve([]),
    auditLog.listAuditActions(sql),
  ])
  const shown = rows.slice(0, AUDIT_PAGE_SIZE)
  const kinds = [...new Set([...describedActions, ...recorded])].sort()
  return {
    entries: shown.map(auditEntry),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? shown[shown.length - 1].id : null,
    kinds,
    errors,
  }
}
