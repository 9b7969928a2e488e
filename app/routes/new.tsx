import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'

import { describedBy, Field, fieldLinks, FormMessage } from '../components/field'
import { MarkdownEditor, markdownEditorLinks } from '../components/markdown-editor'
import { SimilarThreads, similarThreadsLinks } from '../components/search/similar-threads'
import { renderPost } from '../domain/markdown/pipeline.server'
import { getNewThreadPage } from '../domain/pages/compose.server'
import { newThreadSchema } from '../domain/threads/thread.schema'
import { kinds as allKinds, kindLabels, MAX_TITLE } from '../domain/threads/thread.terms'
import { startThread } from '../domain/threads/write.server'
import { formAttachments } from '../lib/attachments.server'
import { parseForm } from '../lib/forms'
import { pageTitle } from '../lib/meta'
import { domainErrorResponse, requireActor } from '../lib/request.server'
import { retryAfterHeaders } from '../lib/retry-after'
import { postUrl } from '../lib/urls'

export const links: LinksFunction = () => [...fieldLinks(), ...markdownEditorLinks(), ...similarThreadsLinks()]

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Start a thread') }]

/** Posting too fast: the page says when to try again. */
export const headers = retryAfterHeaders

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  const url = new URL(request.url)
  // "Ask the community" from a search that found nothing starts from what was searched.
  return {
    ...(await getNewThreadPage(context.sql, actor, url.searchParams.get('category'))),
    title: (url.searchParams.get('title') ?? '').slice(0, MAX_TITLE),
    // "Create an idea" from insights asks for the kind; an unknown kind falls back to the category's default.
    kind: allKinds.find((k) => k === url.searchParams.get('kind')) ?? null,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, '/new')
  const form = await request.formData()
  const parsed = parseForm(newThreadSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, preview: null }, { status: 400 })
  const attach = formAttachments(context, actor, form)
  try {
    const input = { ...parsed.value, body: await attach(parsed.value.body) }
    if (form.get('intent') === 'preview') {
      return {
        errors: {} as Record<string, string>,
        values: input as Record<string, string>,
        preview: await renderPost(context.sql, input.body),
      }
    }
    const post = await startThread(context.sql, actor, input, context.rateLimits)
    return redirect(postUrl({ id: post.threadId, slug: post.slug }, 1))
  } catch (error) {
    return domainErrorResponse(error, request, { values: parsed.value as Record<string, string> })
  }
}

export default function NewThread() {
  const { categories, selected, title: startingTitle, kind: startingKind, refusal } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const values = (result && 'values' in result ? result.values : {}) as Record<string, string>
  const errors = (result && 'errors' in result ? result.errors : {}) as Record<string, string>
  const message = result && 'message' in result ? (result.message as string) : null
  const preview = result && 'preview' in result ? result.preview : null
  const [categorySlug, setCategorySlug] = useState(values.category ?? selected)
  const [title, setTitle] = useState(values.title ?? startingTitle)
  const category = categories.find((c) => c.slug === categorySlug)
  const kinds = category?.allowedKinds ?? allKinds
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'post'

  return (
    <div className="narrow">
      <h1>Start a thread</h1>
      {refusal ? (
        <p className="notice notice--warning">
          {refusal.reason}
          {refusal.help ? (
            <>
              {' '}
              <Link to={refusal.help.href}>{refusal.help.label}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <FormMessage message={message ?? (Object.keys(errors).length ? 'Please correct the fields marked below.' : null)} />
        <Field id="category" label="Category" error={errors.category}>
          <select
            id="category"
            name="category"
            value={categorySlug}
            onChange={(e) => setCategorySlug(e.target.value)}
            aria-invalid={errors.category ? true : undefined}
            aria-describedby={describedBy('category', errors.category)}
            required
          >
            <option value="">Choose a category…</option>
            {categories.map((c) => (
              <option key={c.slug} value={c.slug} disabled={c.archived}>
                {c.archived ? `${c.name} (archived: read-only)` : c.name}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className={`field${errors.kind ? ' field--invalid' : ''}`} aria-describedby={describedBy('kind', errors.kind)}>
          <legend>Kind</legend>
          <div className="choices">
            {kinds.map((kind) => (
              <label key={kind} className="choice">
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  defaultChecked={
                    (values.kind ??
                      (startingKind && kinds.includes(startingKind) ? startingKind : null) ??
                      category?.defaultKind ??
                      'question') === kind
                  }
                />
                {kindLabels[kind]}
              </label>
            ))}
          </div>
          <p className="field__error" id="kind-error" aria-live="polite">
            {errors.kind ?? ''}
          </p>
        </fieldset>
        <Field id="title" label="Title" error={errors.title}>
          <input
            id="title"
            name="title"
            type="text"
            defaultValue={values.title ?? startingTitle}
            onChange={(event) => setTitle(event.target.value)}
            maxLength={MAX_TITLE}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={describedBy('title', errors.title)}
            required
          />
        </Field>
        <SimilarThreads title={title} />
        <MarkdownEditor label="Details" defaultValue={values.body} error={errors.body} previewHtml={preview} rows={10} />
        <div className="form-actions">
          <button type="submit" name="intent" value="post" className="button button--primary" disabled={busy}>
            {busy ? 'Posting…' : 'Post thread'}
          </button>
          <button type="submit" name="intent" value="preview" className="button button--ghost">
            Preview
          </button>
        </div>
      </Form>
    </div>
  )
}
