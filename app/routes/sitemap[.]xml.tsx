import type { LoaderFunctionArgs } from '@remix-run/node'

import { getSitemapIndex } from '../domain/pages/public-feeds.server'
import { documentResponse, sitemapIndex } from '../lib/xml-documents.server'

/** The sitemap index: the forum's pages, then its threads in files by blocks of ids. */
export async function loader({ context }: LoaderFunctionArgs) {
  const files = await getSitemapIndex(context.sql)
  return documentResponse(
    sitemapIndex(context.publicUrl, [
      { path: '/sitemap/pages.xml' },
      ...files.map((f) => ({ path: `/sitemap/threads-${f.page}.xml`, lastModified: f.lastModified })),
    ]),
    'sitemap',
  )
}
