import type { ShownThread, ThreadPost } from '../components/thread/types'
import { DELETED_USER_LABEL, isDeletedUsername } from '../domain/account/account.terms'
import { clip, plainText } from './plain-text'
import { postUrl, threadUrl, userUrl } from './urls'

/*
 * schema.org JSON-LD for a thread's first page, from the data the page
 * shows: a question is a QAPage (its accepted answer and the other replies as
 * answers with their helpful votes), a discussion a DiscussionForumPosting
 * with its replies as comments, an idea the same with its status and votes.
 * Posts a visitor cannot read (hidden, deleted) are left out, as the page
 * leaves out their text. The question and its accepted answer are given
 * whole; other replies are clipped (REPLY_TEXT), so the data does not double
 * the weight of a page of long replies.
 */

const REPLY_TEXT = 500

type JsonLd = Record<string, unknown>

const person = (origin: string, username: string) =>
  isDeletedUsername(username)
    ? { '@type': 'Person', name: DELETED_USER_LABEL }
    : { '@type': 'Person', name: username, url: origin + userUrl(username) }

const readable = (post: ThreadPost): post is ThreadPost & { html: string } =>
  post.html !== null && !post.hidden && !post.deleted && !post.held

export function threadStructuredData(data: ShownThread): JsonLd | null {
  const { thread, origin } = data
  // The question is on page 1 in the default order; other pages and orders point there as canonical.
  if (data.page !== 1 || data.order !== 'oldest') return null
  const opening = data.posts.find((post) => post.postNumber === 1)
  if (!opening || !readable(opening)) return null
  const url = origin + threadUrl(thread)
  const replies = data.posts.filter((post) => post.postNumber > 1).filter(readable)

  if (thread.kind === 'question') {
    const answer = (post: {
      postNumber: number
      text: string
      createdAt: Date | string
      helpfulCount: number
      authorUsername: string
    }) => ({
      '@type': 'Answer',
      text: post.text,
      dateCreated: new Date(post.createdAt).toISOString(),
      upvoteCount: post.helpfulCount,
      url: origin + postUrl(thread, post.postNumber),
      author: person(origin, post.authorUsername),
    })
    const acceptedHere = replies.find((post) => post.isAccepted)
    const accepted = acceptedHere
      ? answer({ ...acceptedHere, text: plainText(acceptedHere.html) })
      : data.accepted
        ? answer({ ...data.accepted, text: data.accepted.excerpt })
        : undefined
    return {
      '@context': 'https://schema.org',
      '@type': 'QAPage',
      mainEntity: {
        '@type': 'Question',
        name: thread.title,
        text: plainText(opening.html),
        answerCount: thread.replyCount,
        upvoteCount: thread.meTooCount,
        dateCreated: new Date(thread.createdAt).toISOString(),
        author: person(origin, thread.authorUsername),
        url,
        ...(accepted ? { acceptedAnswer: accepted } : {}),
        suggestedAnswer: replies
          .filter((post) => !post.isAccepted)
          .map((post) => answer({ ...post, text: clip(plainText(post.html), REPLY_TEXT) })),
      },
    }
  }

  const posting: JsonLd = {
    '@context': 'https://schema.org',
    '@type': 'DiscussionForumPosting',
    headline: thread.title,
    text: plainText(opening.html),
    url,
    datePublished: new Date(thread.createdAt).toISOString(),
    author: person(origin, thread.authorUsername),
    interactionStatistic: [
      { '@type': 'InteractionCounter', interactionType: 'https://schema.org/CommentAction', userInteractionCount: thread.replyCount },
    ],
    comment: replies.map((post) => ({
      '@type': 'Comment',
      text: clip(plainText(post.html), REPLY_TEXT),
      datePublished: new Date(post.createdAt).toISOString(),
      url: origin + postUrl(thread, post.postNumber),
      author: person(origin, post.authorUsername),
    })),
  }
  if (thread.kind === 'idea' && data.idea) {
    posting.creativeWorkStatus = data.idea.statusLabel
    ;(posting.interactionStatistic as JsonLd[]).push({
      '@type': 'InteractionCounter',
      interactionType: 'https://schema.org/LikeAction',
      userInteractionCount: data.idea.votes,
    })
  }
  return posting
}

/** JSON for a script element: nothing in it can end the element or start markup. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
