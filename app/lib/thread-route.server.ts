import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { DomainError } from '../domain/errors'
import { renderPost } from '../domain/markdown/pipeline.server'
import { acceptAnswer, setHelpfulVote, setMeToo, unacceptAnswer } from '../domain/questions/questions.server'
import { getThreadPage, parseHelpfulCursor } from '../domain/threads/pages.server'
import { idParam, pageParam, replySchema } from '../domain/threads/thread.schema'
import { deletePost, replyToThread, setLocked } from '../domain/threads/write.server'
import { statusLabels, threadRefSchema } from '../domain/ideas/idea.schema'
import { addInternalNote, changeIdeaStatus, linkThread, mergeIdeas, promoteToIdea, setIdeaVote, unlinkThread } from '../domain/ideas/ideas.server'
import { parseForm } from './forms'
import { domainErrorResponse, getActor, parseParam, requireActor, throwAsPage } from './request.server'
import { postUrl, threadUrl } from './urls'

/*
 * The thread page is served at /t/:id/:slug? and /t/:id/:slug/:n; both
 * routes use this loader and action.
 */

export async function loadThread({ request, params, context }: LoaderFunctionArgs) {
  const id = parseParam(idParam, params.id)
  const url = new URL(request.url)
  const n = params.n === undefined ? undefined : parseParam(pageParam, params.n)
  const pageValue = url.searchParams.get('page')
  const page = pageValue === null ? 1 : parseParam(pageParam.catch(1), pageValue)
  const helpful = url.searchParams.get('order') === 'helpful'
  const actor = await getActor(request, context)
  let result: Awaited<ReturnType<typeof getThreadPage>>
  try {
    const order = helpful ? { order: 'helpful' as const, after: parseHelpfulCursor(url.searchParams.get('after')) } : { order: 'oldest' as const }
    result = await getThreadPage(context.sql, actor, id, n ? { postNumber: n } : { page }, order)
  } catch (error) {
    throwAsPage(error)
  }
  // One address per page: a changed title or a missing slug redirects to the current one.
  if (params.slug !== result.thread.slug) {
    const target = n ? postUrl(result.thread, n).replace(/#.*/, '') : threadUrl(result.thread, page) + (helpful ? `${page > 1 ? '&' : '?'}order=helpful` : '')
    throw redirect(target, 301)
  }
  return { ...result, origin: context.publicUrl }
}

export async function threadAction({ request, params, context }: ActionFunctionArgs) {
  const id = parseParam(idParam, params.id)
  const form = await request.formData()
  const intent = form.get('intent')
  const actor = await requireActor(request, context, new URL(request.url).pathname)
  try {
    const postId = idParam.safeParse(form.get('postId'))
    const on = form.get('value') !== 'off'
    switch (intent) {
      case 'lock':
      case 'unlock':
        await setLocked(context.sql, actor, id, intent === 'lock')
        return { ok: true as const, message: intent === 'lock' ? 'Thread locked.' : 'Thread unlocked.' }
      case 'helpful': {
        if (!postId.success) throw new DomainError('not_found')
        const vote = await setHelpfulVote(context.sql, actor, postId.data, on, id)
        return { ok: true as const, vote: { postId: postId.data, voted: vote.voted, count: vote.count } }
      }
      case 'metoo': {
        const meToo = await setMeToo(context.sql, actor, id, on)
        return { ok: true as const, meToo: { on: meToo.on, count: meToo.count } }
      }
      case 'accept': {
        if (!postId.success) throw new DomainError('not_found')
        const accepted = await acceptAnswer(context.sql, actor, id, postId.data)
        return redirect(postUrl({ id, slug: accepted.slug }, accepted.postNumber))
      }
      case 'unaccept': {
        await unacceptAnswer(context.sql, actor, id)
        return { ok: true as const, message: 'The answer is no longer marked as accepted.' }
      }
      case 'vote': {
        const vote = await setIdeaVote(context.sql, actor, id, on)
        return { ok: true as const, ideaVote: { voted: vote.voted, count: vote.count, budget: vote.budget } }
      }
      case 'status': {
        const status = form.get('status')
        await changeIdeaStatus(context.sql, actor, id, { status, note: form.get('note') ?? '' })
        return { ok: true as const, message: `Status changed to ${statusLabels[status as keyof typeof statusLabels]}.` }
      }
      case 'link':
      case 'merge': {
        const ref = threadRefSchema.safeParse(form.get('thread') ?? '')
        if (!ref.success) return data({ ok: false as const, errors: { thread: ref.error.issues[0].message } }, { status: 400 })
        if (intent === 'link') {
          await linkThread(context.sql, actor, id, ref.data)
          return { ok: true as const, message: 'Thread linked to this idea.' }
        }
        const merged = await mergeIdeas(context.sql, actor, id, ref.data)
        return { ok: true as const, message: `Merged: ${merged.moved} ${merged.moved === 1 ? 'vote' : 'votes'} moved, ${merged.duplicates} duplicate ${merged.duplicates === 1 ? 'vote' : 'votes'} removed.` }
      }
      case 'unlink': {
        const linked = idParam.safeParse(form.get('threadId'))
        if (!linked.success) throw new DomainError('not_found')
        await unlinkThread(context.sql, actor, id, linked.data)
        return { ok: true as const, message: 'Thread unlinked.' }
      }
      case 'note': {
        await addInternalNote(context.sql, actor, id, form.get('body'))
        return { ok: true as const, message: 'Internal note added.' }
      }
      case 'promote': {
        const idea = await promoteToIdea(context.sql, actor, id, { title: form.get('title'), body: form.get('body') })
        return redirect(threadUrl({ id: idea.threadId, slug: idea.slug }))
      }
      case 'delete': {
        if (!postId.success) throw new DomainError('not_found')
        const deleted = await deletePost(context.sql, actor, postId.data, id)
        return { ok: true as const, message: `Post #${deleted.postNumber} was deleted.` }
      }
    }
    const parsed = parseForm(replySchema, form)
    if (!parsed.ok) return data({ ok: false as const, errors: parsed.errors, values: parsed.values }, { status: 400 })
    if (intent === 'preview') return { ok: true as const, preview: await renderPost(context.sql, parsed.value.body), values: { body: parsed.value.body } }
    const post = await replyToThread(context.sql, actor, id, parsed.value.body)
    return redirect(postUrl({ id: post.threadId, slug: post.slug }, post.postNumber))
  } catch (error) {
    if (error instanceof DomainError && error.code === 'forbidden') {
      return data({ ok: false as const, message: error.message, errors: {} as Record<string, string> }, { status: 403 })
    }
    return domainErrorResponse(error, request)
  }
}
