import type { LoaderFunctionArgs } from '@remix-run/node'

import { getShippedIdeasFeed } from '../domain/pages/public-feeds.server'
import { feedUrls } from '../lib/urls'
import { documentResponse, threadsFeed } from '../lib/xml-documents.server'

/** Ideas as they ship, newest first: what customers asked for and got. */
export async function loader({ context }: LoaderFunctionArgs) {
  const ideas = await getShippedIdeasFeed(context.sql)
  const head = {
    title: 'Shipped ideas',
    path: feedUrls.shippedIdeas,
    pagePath: '/ideas/roadmap',
    origin: context.publicUrl,
    siteName: context.identity.name,
  }
  // An idea's date in this feed is the day it shipped.
  return documentResponse(
    threadsFeed(head, ideas, (idea) => idea.statusChangedAt ?? idea.createdAt),
    'atom',
  )
}
