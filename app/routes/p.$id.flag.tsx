import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'

import { describedBy, Field, fieldLinks, FormMessage } from '../components/field'
import { flagPost, getPostForFlag } from '../domain/moderation/moderation.server'
import { flagReasonLabels, flagReasons } from '../domain/moderation/moderation.terms'
import { idParam } from '../domain/threads/thread.schema'
import { pageTitle } from '../lib/meta'
import { domainErrorResponse, parseParam, requireActor, throwAsPage } from '../lib/request.server'
import { postUrl } from '../lib/urls'

/*
 * Flagging a post: a page of its own rather than a form under every post,
 * so a thread page carries one link per post, not twenty forms.
 */

export const links: LinksFunction = () => fieldLinks()

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Flag a post') }, { name: 'robots', content: 'noindex' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = parseParam(idParam, params.id)
  const actor = await requireActor(request, context)
  try {
    return await getPostForFlag(context.sql, actor, id)
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = parseParam(idParam, params.id)
  const actor = await requireActor(request, context, `/p/${id}/flag`)
  const form = await request.formData()
  try {
    const flagged = await flagPost(
      context.sql,
      actor,
      id,
      { reason: form.get('reason'), note: form.get('note') ?? undefined },
      context.rateLimits,
    )
    return redirect(postUrl({ id: flagged.threadId, slug: flagged.slug }, flagged.postNumber))
  } catch (error) {
    return domainErrorResponse(error, request)
  }
}

export default function FlagPost() {
  const { post, thread } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as { message?: string; errors?: Record<string, string> } | undefined
  const errors = result?.errors ?? {}
  return (
    <div className="narrow">
      <h1>Flag post #{post.postNumber}</h1>
      <p className="muted">
        In <Link to={postUrl(thread, post.postNumber)}>{thread.title}</Link>
      </p>
      <blockquote className="notice">{post.excerpt}</blockquote>
      <Form method="post" className="stack">
        <FormMessage message={result?.message && !Object.keys(errors).length ? result.message : null} />
        <fieldset aria-describedby={errors.reason ? 'reason-error' : undefined}>
          <legend>What is wrong with it?</legend>
          {flagReasons.map((reason) => (
            <label key={reason} className="choice">
              <input type="radio" name="reason" value={reason} required /> {flagReasonLabels[reason]}
            </label>
          ))}
          {errors.reason ? (
            <p id="reason-error" className="field__error">
              {errors.reason}
            </p>
          ) : null}
        </fieldset>
        <Field id="note" label="Note for staff (needed for “Something else”)" error={errors.note}>
          <textarea
            id="note"
            name="note"
            rows={3}
            maxLength={500}
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={describedBy('note', errors.note)}
          />
        </Field>
        <p className="muted small">Staff review every flag. Enough flags from members hide a post until they do.</p>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            Send flag
          </button>
          <Link to={postUrl(thread, post.postNumber)} className="button button--ghost">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  )
}
