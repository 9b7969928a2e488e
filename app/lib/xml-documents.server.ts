import { Feed } from 'feed'

import type { FeedPost, FeedThread } from '../../db/queries/feeds'
import { DELETED_USER_LABEL, isDeletedUsername, shownName } from '../domain/account/account.terms'
import { DomainError } from '../domain/errors'
import { postUrl, threadUrl, userUrl } from './urls'

/*
 * The documents machines read: sitemaps (written here: a flat list that
 * must be quick at 10,000 entries) and Atom feeds (through `feed`).
 */

/** A feed entry's author: a deleted account has no profile to link to. */
const feedAuthor = (origin: string, username: string) =>
  isDeletedUsername(username) ? { name: DELETED_USER_LABEL } : { name: username, link: origin + userUrl(username) }

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c])

const SITEMAP_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'

export function sitemapIndex(origin: string, files: { path: string; lastModified?: Date }[]): string {
  const entries = files.map(
    (f) =>
      `<sitemap><loc>${escapeXml(origin + f.path)}</loc>${f.lastModified ? `<lastmod>${f.lastModified.toISOString()}</lastmod>` : ''}</sitemap>`,
  )
  return `${SITEMAP_HEAD}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`
}

/** A list of pages; `lastModified` as a Date or already as ISO 8601 text (a sitemap of threads, straight from SQL). */
export function urlSet(origin: string, urls: { path: string; lastModified?: Date | string }[]): string {
  const base = escapeXml(origin)
  const lastmod = (date: Date | string) => `<lastmod>${typeof date === 'string' ? date : date.toISOString()}</lastmod>`
  const entries = urls.map((u) => `<url><loc>${base}${escapeXml(u.path)}</loc>${u.lastModified ? lastmod(u.lastModified) : ''}</url>`)
  return `${SITEMAP_HEAD}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`
}

/** Links in post HTML are paths on this site; a feed reader elsewhere needs them whole. */
const absolute = (origin: string, html: string) => html.replace(/(\s(?:href|src)=")\/(?!\/)/g, `$1${origin}/`)

interface FeedHead {
  title: string
  /** The feed's own path, and the page it follows. */
  path: string
  pagePath: string
  origin: string
  /** The community's name: the feed's title ends with it, and it is the generator. */
  siteName: string
}

function newFeed(head: FeedHead, updated: Date) {
  return new Feed({
    title: `${head.title} · ${head.siteName}`,
    id: head.origin + head.path,
    link: head.origin + head.pagePath,
    updated,
    generator: head.siteName,
    language: 'en',
    feedLinks: { atom: head.origin + head.path },
  })
}

/** Threads, each with its opening post: the newest threads, a category's, shipped ideas. */
export function threadsFeed(head: FeedHead, threads: FeedThread[], dateOf: (t: FeedThread) => Date = (t) => t.createdAt): string {
  const feed = newFeed(head, threads.length ? new Date(Math.max(...threads.map((t) => dateOf(t).getTime()))) : new Date(0))
  for (const thread of threads) {
    const url = head.origin + threadUrl(thread)
    feed.addItem({
      title: thread.title,
      id: url,
      link: url,
      date: dateOf(thread),
      published: thread.createdAt,
      content: thread.html ? absolute(head.origin, thread.html) : undefined,
      author: [feedAuthor(head.origin, thread.authorUsername)],
      category: [{ name: thread.categoryName }],
    })
  }
  return feed.atom1()
}

/** A thread's replies, newest first. */
export function repliesFeed(head: FeedHead, thread: { id: number; slug: string; createdAt: Date }, posts: FeedPost[]): string {
  const feed = newFeed(head, posts.length ? (posts[0].editedAt ?? posts[0].createdAt) : thread.createdAt)
  for (const post of posts) {
    const url = head.origin + postUrl(thread, post.postNumber)
    feed.addItem({
      title: `Reply #${post.postNumber} by ${shownName(post.authorUsername)}`,
      id: url,
      link: url,
      date: post.editedAt ?? post.createdAt,
      published: post.createdAt,
      content: absolute(head.origin, post.html),
      author: [feedAuthor(head.origin, post.authorUsername)],
    })
  }
  return feed.atom1()
}

const CONTENT_TYPES = {
  sitemap: 'application/xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  text: 'text/plain; charset=utf-8',
} as const

/** A document for machines; caching headers are the page cache's (visitors' pages). */
export function documentResponse(body: string, kind: keyof typeof CONTENT_TYPES): Response {
  return new Response(body, { headers: { 'Content-Type': CONTENT_TYPES[kind] } })
}

/**
 * The document `write` builds, or a plain 404 when it builds none (null: a
 * malformed address) or what it describes does not exist for visitors (an unknown page, a members-only category): machines get
 * no error page, and nothing is logged as an error.
 */
export async function documentOr404(write: () => Promise<Response | null>): Promise<Response> {
  try {
    return (await write()) ?? notFound()
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') return notFound()
    throw error
  }
}

const notFound = () => new Response('Not found.\n', { status: 404, headers: { 'Content-Type': CONTENT_TYPES.text } })
