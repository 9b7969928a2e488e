/** Public URLs. Links and search engines depend on them: keep them stable. */

export const POSTS_PER_PAGE = 20

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
  return slug || 'thread'
}

export function threadUrl(thread: { id: number; slug: string }, page = 1): string {
  return `/t/${thread.id}/${thread.slug}${page > 1 ? `?page=${page}` : ''}`
}

/** The page holding post n, scrolled to it. A held reply has no number yet: its thread, where its author and staff see it. */
export function postUrl(thread: { id: number; slug: string }, postNumber: number | null): string {
  if (postNumber === null) return `/t/${thread.id}/${thread.slug}#held`
  return postNumber <= 1 ? `/t/${thread.id}/${thread.slug}` : `/t/${thread.id}/${thread.slug}/${postNumber}#post-${postNumber}`
}

/** Where a member lands after writing a held reply: their thread, scrolled to the post waiting for a moderator. */
export function heldPostUrl(thread: { id: number; slug: string }, postId: number): string {
  return `/t/${thread.id}/${thread.slug}?held=${postId}#held-${postId}`
}

export function pageOfPost(postNumber: number): number {
  return Math.max(1, Math.ceil(postNumber / POSTS_PER_PAGE))
}

export function categoryUrl(slug: string): string {
  return `/c/${slug}`
}

export function userUrl(username: string): string {
  return `/u/${encodeURIComponent(username)}`
}

/** A person's page in administration, for staff. */
export function adminUserUrl(username: string): string {
  return `/admin/users/${encodeURIComponent(username)}`
}

const HOME_ORIGIN = 'http://forum.invalid'

/** A path a browser would read as another host: `//host` or `/\\host`. */
const leavesSite = (path: string) => /^[/\\]{2}/.test(path)

/**
 * Where to go after signing in: only a path on this site. The value is
 * resolved as a browser would resolve it, and accepted only if the result is
 * a plain path on this origin that resolves to itself again: dot segments,
 * encoded dots and slashes, backslashes, tabs and newlines, schemes and
 * userinfo all fall back home.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || leavesSite(next) || /[\\\u0000-\u001f\u007f]/.test(next)) return fallback
  try {
    const url = new URL(next, HOME_ORIGIN)
    if (url.origin !== HOME_ORIGIN || url.username || url.password) return fallback
    const path = url.pathname + url.search + url.hash
    if (!path.startsWith('/') || leavesSite(path) || /%2f|%5c/i.test(url.pathname)) return fallback
    // Followed again (as the browser will), the answer must stay here and stay the same.
    const again = new URL(path, HOME_ORIGIN)
    if (again.origin !== HOME_ORIGIN || again.pathname + again.search + again.hash !== path) return fallback
    return path
  } catch {
    return fallback
  }
}

export function loginUrl(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`
}

/** Atom feeds: the latest threads, a category's, a thread's replies, ideas as they ship. */
export const feedUrls = {
  latest: '/feeds/latest',
  category: (slug: string) => `/feeds/c/${slug}`,
  thread: (id: number) => `/feeds/t/${id}`,
  shippedIdeas: '/feeds/ideas/shipped',
}

/** Where a member downloads the archive of their data (signed in as themselves). */
export function archivePath(id: number): string {
  return `/settings/export/archives/${id}`
}
