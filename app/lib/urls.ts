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

/** The page holding post n, scrolled to it. */
export function postUrl(thread: { id: number; slug: string }, postNumber: number): string {
  return postNumber <= 1 ? `/t/${thread.id}/${thread.slug}` : `/t/${thread.id}/${thread.slug}/${postNumber}#post-${postNumber}`
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

/**
 * Where to go after signing in: only a path on this site. Anything else
 * (another host, a protocol-relative `//host`, a backslash trick) goes home.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback
  try {
    const url = new URL(next, 'http://forum.invalid')
    if (url.origin !== 'http://forum.invalid') return fallback
    return url.pathname + url.search + url.hash
  } catch {
    return fallback
  }
}

export function loginUrl(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`
}
