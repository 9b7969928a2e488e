import type { Sql } from '../../../db/client'
import * as postQueries from '../../../db/queries/posts'
import * as threadQueries from '../../../db/queries/threads'
import { postUrl } from '../../lib/urls'
import { DomainError } from '../errors'
import { authorize, type Actor } from '../policy.server'
import { buildVersions } from '../threads/revisions'

/**
 * /p/:id/history: every version of a post with what changed between them,
 * for staff judging an edit (their own or a member's). The permission is
 * checked before the post is looked up, so others learn nothing of it.
 */
export async function getPostHistoryPage(sql: Sql, actor: Actor, postId: number) {
  authorize(actor, 'post:history')
  const [post, stored] = await Promise.all([postQueries.findPostWithAuthor(sql, postId), postQueries.listRevisions(sql, postId)])
  if (!post) throw new DomainError('not_found')
  const thread = await threadQueries.findThreadById(sql, post.threadId)
  if (!thread) throw new DomainError('not_found')
  const versions = buildVersions(post, stored)
  return {
    post: {
      id: post.id,
      postNumber: post.postNumber,
      revision: post.revision,
      deleted: Boolean(post.deletedAt),
      hidden: Boolean(post.hiddenAt),
    },
    thread: { id: thread.id, title: thread.title, slug: thread.slug },
    href: postUrl(thread, post.postNumber),
    versions,
    // Versions whose text is gone (kept before every edit was): said once, above the list.
    incomplete: versions.some((v) => v.text === null),
  }
}
