import { statusLabels, type IdeaStatus } from '../ideas/idea.terms'
import { joiningModeLabels, type JoiningMode } from '../joining/joining.terms'
import { settingValueText, unquotedSettings } from '../settings/rules'

/*
 * Each audit entry as a sentence: "<actor> <verb> <target> <after> <related>",
 * e.g. "sam merged the idea Dark mode into idea #12".
 * Kept apart from the page so a new staff action only adds a line here; an
 * action without one is still shown, by its name.
 */

export interface Sentence {
  /** What was done, before the target ("locked"). */
  verb: string
  /** What follows the target ("from Planned to Shipped"). */
  after?: string
  /** A second thread the action involved (the idea a thread became, the idea merged into). */
  related?: { label: string; href: string }
}

type Detail = Record<string, unknown>

const threadRef = (id: unknown, noun: string) => (typeof id === 'number' ? { label: `${noun} #${id}`, href: `/t/${id}` } : undefined)
const status = (value: unknown) => statusLabels[value as IdeaStatus] ?? 'no status'
const modeLabel = (value: unknown) => (joiningModeLabels[value as JoiningMode] ?? String(value)).toLowerCase()
const domains = (value: unknown) => (Array.isArray(value) && value.length ? value.join(', ') : 'none')
const quoted = (value: unknown, empty: string) => {
  const text = typeof value === 'string' ? value.trim() : ''
  if (!text) return empty
  return `“${text.length > 80 ? `${text.slice(0, 79)}…` : text}”`
}
const categoryPath = (slug: unknown) => `/c/${String(slug)}`
/** “Billing” (/c/billing), from a detail holding a name and a slug. */
const categoryName = (value: unknown) => {
  const { name, slug } = (value ?? {}) as { name?: unknown; slug?: unknown }
  return `${quoted(name, 'an unnamed category')} (${categoryPath(slug)})`
}
/** "questions and ideas, default question". */
const kindsOf = (value: unknown) => {
  const { kinds, default: first } = (value ?? {}) as { kinds?: unknown; default?: unknown }
  const list = Array.isArray(kinds) ? kinds.map((k) => `${String(k)}s`) : []
  const named = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : (list[0] ?? 'none')
  return `${named}, default ${String(first)}`
}

/** The setting itself is the entry's target ("the idea vote budget"); this says how it changed. */
function settingChange(d: Detail): Sentence {
  const key = String(d.key)
  const value = (v: unknown) => settingValueText(key, v)
  if (d.reset === true) return { verb: 'reset', after: unquotedSettings.has(key) ? 'to its default' : `to its default, ${value(d.to)}` }
  return { verb: 'changed', after: unquotedSettings.has(key) ? undefined : `from ${value(d.from)} to ${value(d.to)}` }
}

const sentences: Record<string, (detail: Detail) => Sentence> = {
  'thread:locked': () => ({ verb: 'locked' }),
  'thread:unlocked': () => ({ verb: 'unlocked' }),
  'thread:promoted': (d) => ({ verb: 'promoted', after: 'to', related: threadRef(d.ideaId, 'idea') }),
  'post:deleted': (d) => ({ verb: d.held ? 'deleted a new member’s held post' : 'deleted someone else’s post' }),
  'post:approved': (d) => ({ verb: 'approved a new member’s held post', after: d.authorTrusted ? '(they are trusted now)' : undefined }),
  'post:edited': () => ({ verb: 'edited someone else’s post' }),
  'answer:accepted': () => ({ verb: 'accepted, for the asker, the answer' }),
  'answer:unaccepted': () => ({ verb: 'withdrew, for the asker, the accepted answer' }),
  'idea:statusChanged': (d) => ({ verb: 'moved the idea', after: `from ${status(d.from)} to ${status(d.to)}` }),
  'idea:merged': (d) => ({ verb: 'merged the idea', after: 'into', related: threadRef(d.intoId, 'idea') }),
  'idea:linked': (d) => ({ verb: 'linked the idea', after: 'with', related: threadRef(d.threadId, 'thread') }),
  'idea:unlinked': (d) => ({ verb: 'unlinked the idea', after: 'from', related: threadRef(d.threadId, 'thread') }),
  'email:changed': (d) => ({ verb: 'confirmed a new email address for', after: `from ${String(d.from)} to ${String(d.to)}` }),
  'password:reset': () => ({ verb: 'reset the password of', after: 'with a link sent to the account’s address' }),
  'password:changed': () => ({ verb: 'changed the password of' }),
  'role:changed': (d) => ({ verb: 'changed the role of', after: `from ${String(d.from)} to ${String(d.to)}` }),
  'user:suspended': (d) => ({ verb: 'suspended', after: d.until === 'forever' ? 'for good' : `until ${String(d.until)}` }),
  'user:unsuspended': () => ({ verb: 'lifted the suspension of' }),
  // The entry names no one: the account is an anonymous tombstone now.
  'account:deleted': (d) => ({
    verb: d.refusedSignUp ? 'refused at sign-up, and deleted,' : 'deleted',
    after:
      [d.byAdmin ? '' : '(their own)', Number(d.postsRemoved) > 0 ? `and removed its ${Number(d.postsRemoved)} posts` : '']
        .filter(Boolean)
        .join(' ') || undefined,
  }),
  'category:readabilityChanged': (d) => ({
    verb: 'changed who reads the category',
    after: `from ${String(d.from)} to ${String(d.to)} (${Number(d.threads) || 0} threads)`,
  }),
  'category:created': (d) => ({ verb: 'created the category', after: `at ${categoryPath(d.slug)}` }),
  'category:renamed': (d) => ({
    verb: 'renamed the category',
    after: `from ${categoryName(d.from)} to ${categoryName(d.to)}`,
  }),
  'category:described': (d) => ({ verb: 'changed the description of', after: `to ${quoted(d.to, 'nothing')}` }),
  'category:colourChanged': (d) => ({ verb: 'changed the colour of', after: `from ${String(d.from)} to ${String(d.to)}` }),
  'category:kindsChanged': (d) => ({ verb: 'changed the kinds of thread in', after: `from ${kindsOf(d.from)} to ${kindsOf(d.to)}` }),
  'category:moved': (d) => ({ verb: 'moved the category', after: `from position ${Number(d.from)} to ${Number(d.to)}` }),
  'category:archived': () => ({ verb: 'archived the category', after: '(read-only now)' }),
  'category:unarchived': () => ({ verb: 'unarchived the category', after: '(open to new threads again)' }),
  'category:deleted': (d) => ({ verb: 'deleted', after: `${categoryName(d)}, an empty category` }),
  'category:merged': (d) => ({
    verb: 'merged',
    after: `${categoryName(d)} with its ${Number(d.threads) || 0} threads into`,
    related: typeof d.intoSlug === 'string' ? { label: String(d.intoName), href: categoryPath(d.intoSlug) } : undefined,
  }),
  'upload:removed': (d) => ({
    verb: 'took down the upload',
    after: `${typeof d.name === 'string' ? `“${d.name}” ` : ''}(shown in ${Number(d.posts) || 0} posts)`,
  }),
  'setting:changed': settingChange,
  // Who may join (app/domain/joining); the setting changed is the target, named in settings/rules.ts.
  'joining:modeChanged': (d) => ({ verb: 'changed', after: `from ${modeLabel(d.from)} to ${modeLabel(d.to)}` }),
  'joining:domainsChanged': (d) => ({ verb: 'changed', after: `from ${domains(d.from)} to ${domains(d.to)}` }),
  'guidelines:changed': (d) => ({ verb: 'rewrote', after: `(now ${Number(d.toLength) || 0} characters)` }),
  'guidelines:requiredChanged': (d) =>
    d.to ? { verb: 'made accepting', after: 'required to join' } : { verb: 'stopped asking new members to accept' },
  'invitation:sent': (d) => ({
    verb: 'sent',
    after: `to ${String(d.email)}${Number(d.replaced) ? ', replacing the earlier one' : ''}`,
  }),
  'invitation:revoked': (d) => ({ verb: 'withdrew', after: `to ${String(d.email)}` }),
  'account:approved': () => ({ verb: 'approved the sign-up of' }),
}

export function describeAction(action: string, detail: Detail): Sentence {
  return sentences[action]?.(detail) ?? { verb: action.replace(':', ' ') }
}

/** The actions the log knows how to say, for the kind filter even before any was recorded. */
export const describedActions = Object.keys(sentences)
