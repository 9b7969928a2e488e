import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'

import { Badge } from '../components/badge'
import { RelativeTime } from '../components/time'
import { UserLink } from '../components/user-link'
import { idParam } from '../domain/threads/thread.schema'
import { uploadPath } from '../domain/uploads/kinds'
import { removeUploadSchema } from '../domain/uploads/uploads.schema'
import { listUploadsForStaff, removeUpload } from '../domain/uploads/uploads.server'
import { parseForm } from '../lib/forms'
import { pageTitle } from '../lib/meta'
import { domainErrorResponse, parseParam, requireActor, throwAsPage } from '../lib/request.server'
import listStyles from '../styles/lists.css'
import modStyles from '../styles/moderation.css'

/*
 * /mod/uploads: what members uploaded, newest first (or those of one post,
 * `?post=`), for staff to take down what must not be shown. A takedown
 * removes the file everywhere it appears; the audit log keeps why.
 */

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: listStyles },
  { rel: 'stylesheet', href: modStyles },
]

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Uploads', 'Moderation') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  const params = new URL(request.url).searchParams
  const postId = params.has('post') ? parseParam(idParam, params.get('post')) : undefined
  const beforeText = params.get('before')
  const before = beforeText && !Number.isNaN(Date.parse(beforeText)) ? new Date(beforeText) : undefined
  try {
    return { uploads: await listUploadsForStaff(context.sql, actor, { postId, before }), postId: postId ?? null }
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  const parsed = parseForm(removeUploadSchema, await request.formData())
  if (!parsed.ok) return data({ ok: false, message: Object.values(parsed.errors).join(' ') }, { status: 400 })
  try {
    await removeUpload(context.sql, context.uploads, actor, parsed.value.hash, parsed.value.reason)
    return { ok: true, message: 'Taken down: every post that showed it shows a notice instead.' }
  } catch (error) {
    return domainErrorResponse(error, request)
  }
}

function kilobytes(size: number): string {
  return size >= 1024 * 1024 ? `${(size / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(size / 1024))} KB`
}

export default function Uploads() {
  const { uploads, postId } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const last = uploads[uploads.length - 1]
  return (
    <div className="narrow">
      <h1>Uploads</h1>
      <p className="muted">
        {postId ? `Files shown in post ${postId}. ` : 'Files members uploaded, newest first. '}
        Taking one down deletes it and puts a notice where it was shown. The same file cannot be posted again.
      </p>
      <p>
        <Link to="/mod">Back to moderation</Link>
        {postId ? (
          <>
            {' · '}
            <Link to="/mod/uploads">All uploads</Link>
          </>
        ) : null}
      </p>
      {result?.message ? (
        <p className={result.ok ? 'notice' : 'notice notice--warning'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      {uploads.length ? (
        <ol className="queue">
          {uploads.map((upload) => {
            const path = uploadPath(upload.hash, upload.ext)
            return (
              <li key={upload.hash} className="queue-item">
                <header className="queue-item__header">
                  {upload.removedAt ? (
                    <span>{upload.name}</span>
                  ) : (
                    <a href={path} target="_blank" rel="noreferrer">
                      {upload.name}
                    </a>
                  )}
                  {upload.removedAt ? <Badge tone="warning">Taken down</Badge> : null}
                  <span className="muted small">
                    {upload.kind === 'image' ? `${upload.width} × ${upload.height}, ` : ''}
                    {kilobytes(upload.size)}, shown in {upload.referenceCount} {upload.referenceCount === 1 ? 'text' : 'texts'}
                  </span>
                </header>
                {upload.kind === 'image' && !upload.removedAt ? (
                  <img
                    src={path}
                    alt={upload.name}
                    className="upload-thumb"
                    loading="lazy"
                    width={upload.width ?? undefined}
                    height={upload.height ?? undefined}
                  />
                ) : null}
                <p className="muted small">
                  {upload.uploader ? (
                    <>
                      By <UserLink username={upload.uploader} />,{' '}
                    </>
                  ) : null}
                  <RelativeTime date={upload.createdAt} />
                  {upload.removedAt && upload.removalReason ? ` · Reason: ${upload.removalReason}` : ''}
                </p>
                {upload.removedAt ? null : (
                  <Form method="post" className="queue-item__actions">
                    <input type="hidden" name="hash" value={upload.hash} />
                    <label className="visually-hidden" htmlFor={`reason-${upload.hash}`}>
                      Reason for taking {upload.name} down
                    </label>
                    <input id={`reason-${upload.hash}`} name="reason" placeholder="Reason (kept in the audit log)" maxLength={500} />
                    <button type="submit" className="button button--danger" disabled={navigation.state === 'submitting'}>
                      Take down
                    </button>
                  </Form>
                )}
              </li>
            )
          })}
        </ol>
      ) : (
        <p className="empty">No uploads yet.</p>
      )}
      {uploads.length === 50 && last ? (
        <p>
          <Link
            to={`/mod/uploads?${new URLSearchParams({ ...(postId ? { post: String(postId) } : {}), before: new Date(last.createdAt).toISOString() })}`}
          >
            Older uploads
          </Link>
        </p>
      ) : null}
    </div>
  )
}
