import type { AppLoadContext } from '@remix-run/node'

/**
 * On a page's first load, moves each post's HTML from the loader data to the
 * request's map (see shown-html.tsx); a hidden post's `null` stays in the
 * data. On a data request, the posts are returned as they are.
 */
export function leaveHtmlInPage<T extends { id: number; html: string | null }>(
  context: AppLoadContext,
  posts: T[],
): (Omit<T, 'html'> & { html?: string | null })[] {
  const shown = context.shownHtml
  if (!shown) return posts
  return posts.map(({ html, ...post }) => {
    if (html === null) return { ...post, html }
    shown.set(post.id, html)
    return post
  })
}
