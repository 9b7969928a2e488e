import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'

import { FormMessage } from '../components/field'
import { MarkdownEditor, markdownEditorLinks } from '../components/markdown-editor'
import { renderPost } from '../domain/markdown/pipeline.server'
import { editSchema, idParam } from '../domain/threads/thread.schema'
import { editPost, getPostForEdit } from '../domain/threads/write.server'
import { formAttachments } from '../lib/attachments.server'
import { parseForm } from '../lib/forms'
import { pageTitle } from '../lib/meta'
import { domainErrorResponse, parseParam, requireActor, throwAsPage } from '../lib/request.server'
import { postUrl } from '../lib/urls'

export const links: LinksFunction = () => markdownEditorLinks()

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Edit post') }, { name: 'robots', content: 'noindex' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseParam(idParam, params.id)
  const actor = await requireActor(request, context)
  try {
    const { post, thread } = await getPostForEdit(context.sql, actor, id)
    return {
      post: { id: post.id, markdown: post.markdown, revision: post.revision, postNumber: post.postNumber },
      thread: { id: thread.id, slug: thread.slug, title: thread.title },
    }
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseParam(idParam, params.id)
  const actor = await requireActor(request, context, `/p/${id}/edit`)
  const form = await request.formData()
  const parsed = parseForm(editSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, preview: null, message: null }, { status: 400 })
  const attach = formAttachments(context, actor, form)
  try {
    const body = await attach(parsed.value.body)
    if (form.get('intent') === 'preview')
      return { errors: {}, values: { body }, preview: await renderPost(context.sql, body), message: null }
    const post = await editPost(context.sql, actor, id, body, parsed.value.revision)
    return redirect(postUrl({ id: post.threadId, slug: post.slug }, post.postNumber))
  } catch (error) {
    return domainErrorResponse(error, request, { values: { body: parsed.value.body } })
  }
}

export default function EditPost() {
  const { post, thread } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors = (result && 'errors' in result ? result.errors : {}) as Record<string, string>
  const values = (result && 'values' in result ? result.values : {}) as Record<string, string>
  return (
    <div className="narrow">
      <h1>Edit post #{post.postNumber}</h1>
      <p className="muted">
        in <Link to={postUrl(thread, post.postNumber)}>{thread.title}</Link>. The previous text is kept as a revision.
      </p>
      <Form method="post" encType="multipart/form-data" className="stack">
        <FormMessage message={result && 'message' in result ? (result.message as string | null) : null} />
        <input type="hidden" name="revision" value={post.revision} />
        <MarkdownEditor
          label="Post"
          defaultValue={values.body ?? post.markdown}
          error={errors.body}
          previewHtml={result && 'preview' in result ? result.preview : null}
          rows={12}
        />
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="button button--primary">
            Save changes
          </button>
          <button type="submit" name="intent" value="preview" className="button button--ghost">
            Preview
          </button>
          <Link to={postUrl(thread, post.postNumber)} className="button button--ghost">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  )
}
