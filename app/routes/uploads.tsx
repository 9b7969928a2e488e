import { type ActionFunctionArgs } from '@remix-run/node'

import { DomainError, RateLimited, statusFor } from '../domain/errors'
import { createUpload } from '../domain/uploads/uploads.server'
import { getActor } from '../lib/request.server'

/**
 * The editor's uploads: one file a request (pasted, dropped or picked),
 * answered in JSON with the Markdown to insert, or the sentence saying
 * why not. The files themselves are served at /uploads/<hash>.<ext> by the
 * server, before any page.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await getActor(request, context)
  try {
    const form = await request.formData().catch(() => {
      throw new DomainError('invalid', 'The upload could not be read. Try again.')
    })
    const file = form.get('file')
    if (!file || typeof file === 'string') throw new DomainError('invalid', 'Choose a file to upload.')
    const bytes = Buffer.from(await file.arrayBuffer())
    const upload = await createUpload(context.sql, context.uploads, actor, { name: file.name, bytes }, context.rateLimits)
    return Response.json(upload, { status: 201 })
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const headers: HeadersInit = error instanceof RateLimited ? { 'Retry-After': String(error.retryAfterSeconds) } : {}
    return Response.json({ error: error.message }, { status: statusFor[error.code], headers })
  }
}

export function loader() {
  throw new Response('Not found', { status: 404 })
}
