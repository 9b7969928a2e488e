import type { LoaderFunctionArgs } from '@remix-run/node'

import { getThreadsFeed } from '../domain/pages/public-feeds.server'
import { categoryUrl, feedUrls } from '../lib/urls'
import { documentOr404, documentResponse, threadsFeed } from '../lib/xml-documents.server'

/** A category's newest threads, as an Atom feed; only categories visitors read have one. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  return documentOr404(async () => {
    const { category, threads } = await getThreadsFeed(context.sql, params.slug ?? '')
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
