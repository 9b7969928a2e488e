import type { AppContext } from '../context'
import type { Actor } from '../domain/policy.server'
import { attachFiles } from '../domain/uploads/uploads.server'

/**
 * Files picked in an editor's form without JavaScript: a function adding
 * them to a text as Markdown when the form is posted or previewed (with
 * JavaScript the editor uploads each at once and sends none with the form).
 */
export function formAttachments(context: AppContext, actor: Actor, form: FormData): (markdown: string) => Promise<string> {
  const files = form.getAll('files').filter((f): f is File => typeof f !== 'string' && f.size > 0)
  return async (markdown) => {
    if (!files.length) return markdown
    const incoming = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: Buffer.from(await f.arrayBuffer()) })))
    return attachFiles(context.sql, context.uploads, actor, incoming, markdown, context.rateLimits)
  }
}
