import { redirect } from '@remix-run/node'
import { z } from 'zod'

import { noteSchema, promoteSchema, statusChangeSchema, threadRefSchema } from '../../domain/ideas/idea.schema'
import { statusLabels } from '../../domain/ideas/idea.terms'
import {
  addInternalNote,
  changeIdeaStatus,
  linkThread,
  mergeIdeas,
  promoteToIdea,
  setIdeaVote,
  unlinkThread,
} from '../../domain/ideas/ideas.server'
import { idParam } from '../../domain/threads/thread.schema'
import { intent } from '../intents.server'
import { threadUrl } from '../urls'
import { wanted } from './fields'

const threadRef = z.object({ thread: threadRefSchema })
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Votes, triage and promotion on the innovation board. */
export const ideaIntents = {
  vote: intent(wanted, async ({ sql, actor, id, limits }, { value }) => {
    const vote = await setIdeaVote(sql, actor, id, value, limits)
    return { ideaVote: { voted: vote.voted, count: vote.count, budget: vote.budget } }
  }),
  status: intent(statusChangeSchema, async ({ sql, actor, id }, change) => {
    await changeIdeaStatus(sql, actor, id, change)
    return { message: `Status changed to ${statusLabels[change.status]}.` }
  }),
  link: intent(threadRef, async ({ sql, actor, id }, { thread }) => {
    await linkThread(sql, actor, id, thread)
    return { message: 'Thread linked to this idea.' }
  }),
  unlink: intent(z.object({ threadId: idParam }), async ({ sql, actor, id }, { threadId }) => {
    await unlinkThread(sql, actor, id, threadId)
    return { message: 'Thread unlinked.' }
  }),
  merge: intent(threadRef, async ({ sql, actor, id }, { thread }) => {
    const merged = await mergeIdeas(sql, actor, id, thread)
    return { message: `Merged: ${plural(merged.moved, 'vote')} moved, ${plural(merged.duplicates, 'duplicate vote')} removed.` }
  }),
  note: intent(noteSchema, async ({ sql, actor, id }, { body }) => {
    await addInternalNote(sql, actor, id, body)
    return { message: 'Internal note added.' }
  }),
  promote: intent(promoteSchema, async ({ sql, actor, id }, input) => {
    const idea = await promoteToIdea(sql, actor, id, input)
    throw redirect(threadUrl({ id: idea.threadId, slug: idea.slug }))
  }),
}
