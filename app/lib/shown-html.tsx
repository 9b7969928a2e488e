import { createContext, useContext, useMemo, type ReactNode } from 'react'

/*
 * Posts' HTML travels once. When a page is first loaded, its loader leaves
 * each post's stored HTML out of the data (`leaveHtmlInPage`): the server
 * renders it into the markup from a map kept on the request, and the browser
 * takes it back from the markup it already has. A data request (a later
 * navigation, a live refresh) carries the HTML in the data as before.
 */

/** Post HTML by post id, for the server's render of the page. */
const ShownHtml = createContext<ReadonlyMap<number, string> | null>(null)

export function ShownHtmlProvider({ value, children }: { value: ReadonlyMap<number, string> | undefined; children: ReactNode }) {
  return <ShownHtml.Provider value={value ?? null}>{children}</ShownHtml.Provider>
}

type WithHtml = { id: number; postNumber: number; html?: string | null }

// What the browser took from the page, by post id: a post rendered again after the markup changed keeps its body.
const taken = new Map<number, string>()

function fromMarkup(post: WithHtml): string {
  const known = taken.get(post.id)
  if (known !== undefined) return known
  const html = document.querySelector(`#post-${post.postNumber} .post__body > .prose`)?.innerHTML ?? ''
  taken.set(post.id, html)
  return html
}

/** The posts with their HTML: from the data when it carries it, else from the server's map or the page's markup. */
export function usePostsHtml<T extends WithHtml>(posts: T[]): (T & { html: string | null })[] {
  const shown = useContext(ShownHtml)
  return useMemo(
    () =>
      posts.map((post) => {
        if (post.html !== undefined) return post as T & { html: string | null }
        const html = shown ? (shown.get(post.id) ?? '') : typeof document === 'undefined' ? '' : fromMarkup(post)
        return { ...post, html }
      }),
    [posts, shown],
  )
}
