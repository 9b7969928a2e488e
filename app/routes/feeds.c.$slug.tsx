import { redirect, type LoaderFunctionArgs } from '@remix-run/node'

import { DomainError } from '../domain/errors'
import { findMovedCategorySlug } from '../domain/pages/listings.server'
import { getThreadsFeed } from '../domain/pages/public-feeds.server'
import { categoryUrl, feedUrls } from '../lib/urls'
import { documentOr404, documentResponse, threadsFeed } from '../lib/xml-documents.server'

/** A category's newest threads, as an Atom feed; only categories visitors read have one. A renamed category's old feed leads to its new one. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? ''
  return documentOr404(async () => {
    let feed: Awaited<ReturnType<typeof getThreadsFeed>>
    try {
      feed = await getThreadsFeed(context.sql, slug)
    } catch (error) {
      const moved = error instanceof DomainError && error.code === 'not_found' ? await findMovedCategorySlug(context.sql, null, slug) : null
      if (moved) return redirect(feedUrls.category(moved), 301)
      throw error
    }
    const { category, threads } = feed
    const head = {
      title: category!.name,
      path: feedUrls.category(category!.slug),
      pagePath: categoryUrl(category!.slug),
      origin: context.publicUrl,
      siteName: context.identity.name,
    }
    return documentResponse(threadsFeed(head, threads), 'atom')
  })
}
