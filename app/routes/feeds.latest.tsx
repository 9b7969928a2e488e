import type { LoaderFunctionArgs } from '@remix-run/node'

import { getThreadsFeed } from '../domain/pages/public-feeds.server'
import { feedUrls } from '../lib/urls'
import { documentResponse, threadsFeed } from '../lib/xml-documents.server'

/** The newest threads, as an Atom feed. */
export async function loader({ context }: LoaderFunctionArgs) {
  const { threads } = await getThreadsFeed(context.sql)
  return documentResponse(
    threadsFeed(
      { title: 'Latest threads', path: feedUrls.latest, pagePath: '/', origin: context.publicUrl, siteName: context.identity.name },
      threads,
    ),
    'atom',
  )
}
