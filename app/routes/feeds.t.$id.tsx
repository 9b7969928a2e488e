import type { LoaderFunctionArgs } from '@remix-run/node'

import { getThreadFeed } from '../domain/pages/public-feeds.server'
import { idParam } from '../domain/threads/thread.schema'
import { feedUrls, threadUrl } from '../lib/urls'
import { documentOr404, documentResponse, repliesFeed } from '../lib/xml-documents.server'

/** A thread's newest replies, as an Atom feed, for a thread visitors may read. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  return documentOr404(async () => {
    const parsed = idParam.safeParse(params.id)
    if (!parsed.success) return null
    const id = parsed.data
    const { thread, posts } = await getThreadFeed(context.sql, id)
    const head = {
      title: `Replies to “${thread.title}”`,
      path: feedUrls.thread(thread.id),
      pagePath: threadUrl(thread),
      origin: context.publicUrl,
      siteName: context.identity.name,
    }
    return documentResponse(repliesFeed(head, thread, posts), 'atom')
  })
}
