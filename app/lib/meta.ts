import type { MetaDescriptor } from '@remix-run/node'

/*
 * The head of every public page in one shape: its title, a description,
 * one canonical address, the Open Graph and Twitter card tags a pasted link
 * previews with, feeds to subscribe to, and `noindex` for thin pages.
 */

/** The name until an admin gives the community one (see the `siteName` setting). */
export const DEFAULT_SITE_NAME = 'Community'

export interface PageHead {
  /** The page's own title; the site's name is added. Omitted on the home page. */
  title?: string
  description: string
  /** The page's one address, as a path: the canonical link and og:url. */
  path: string
  /** The forum's origin, from the root loader (see `siteOf`). */
  origin: string
  /** The community's name, from the root loader (see `siteOf`). */
  siteName: string
  /** What is shared: an article (a thread) or the site's pages. */
  type?: 'website' | 'article'
  /** A shorter or different text for link previews (the accepted answer of a question). */
  preview?: string
  /** Thin pages search engines should not list. */
  noindex?: boolean
  /** Atom feeds of this page's content, by title. */
  feeds?: { title: string; path: string }[]
}

export function pageHead(head: PageHead): MetaDescriptor[] {
  const siteName = head.siteName
  const title = head.title ? `${head.title} · ${siteName}` : siteName
  const url = head.origin + head.path
  const preview = head.preview ?? head.description
  return [
    { title },
    { name: 'description', content: head.description },
    { tagName: 'link', rel: 'canonical', href: url },
    ...(head.noindex ? [{ name: 'robots', content: 'noindex' }] : []),
    { property: 'og:site_name', content: siteName },
    { property: 'og:type', content: head.type ?? 'website' },
    { property: 'og:title', content: head.title ?? siteName },
    { property: 'og:description', content: preview },
    { property: 'og:url', content: url },
    { name: 'twitter:card', content: 'summary' },
    { name: 'twitter:title', content: head.title ?? siteName },
    { name: 'twitter:description', content: preview },
    ...(head.feeds ?? []).map((feed) => ({
      tagName: 'link',
      rel: 'alternate',
      type: 'application/atom+xml',
      title: feed.title,
      href: head.origin + feed.path,
    })),
  ]
}

type Matches = ReadonlyArray<{ id: string; data?: unknown }>

const rootData = (matches: Matches) =>
  matches.find((match) => match.id === 'root')?.data as { origin?: string; identity?: { name?: string } } | undefined

/** The forum's origin, as the root loader read it, for a route's meta function. */
export function originOf(matches: Matches): string {
  return rootData(matches)?.origin ?? ''
}

/** The origin and the community's name, for `pageHead`. */
export function siteOf(matches: Matches): { origin: string; siteName: string } {
  return { origin: originOf(matches), siteName: rootData(matches)?.identity?.name ?? DEFAULT_SITE_NAME }
}

/** A page's title: its own parts, most specific first, then the community's name ("Sign in · Acme"). */
export function pageTitle(matches: Matches, ...parts: string[]): string {
  return [...parts, siteOf(matches).siteName].join(' · ')
}
