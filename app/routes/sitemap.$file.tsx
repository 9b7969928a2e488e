import type { LoaderFunctionArgs } from '@remix-run/node'

import { getSitemapCategories, getSitemapThreads, sitemapFileParam } from '../domain/pages/public-feeds.server'
import { categoryUrl, threadUrl } from '../lib/urls'
import { documentOr404, documentResponse, urlSet } from '../lib/xml-documents.server'

export async function loader({ params, context }: LoaderFunctionArgs) {
  return documentOr404(async () => {
    const parsed = sitemapFileParam.safeParse(params.file)
    if (!parsed.success) return null
    const page = parsed.data
    if (page === null) {
      const categories = await getSitemapCategories(context.sql)
      const paths = ['/', '/ideas', '/ideas/roadmap', '/leaderboard', ...categories.map((c) => categoryUrl(c.slug))]
      return documentResponse(
        urlSet(
          context.publicUrl,
          paths.map((path) => ({ path })),
        ),
        'sitemap',
      )
    }
    const threads = await getSitemapThreads(context.sql, page)
    return documentResponse(
      urlSet(
        context.publicUrl,
        threads.map((t) => ({ path: threadUrl(t), lastModified: t.lastPostedAt })),
      ),
      'sitemap',
    )
  })
}
