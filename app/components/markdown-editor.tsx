import type { LinksFunction } from '@remix-run/node'

import { MAX_BODY } from '../domain/threads/thread.schema'
import proseStyles from '../styles/prose.css'
import { describedBy, Field, fieldLinks } from './field'

/** The sheets the editor needs: its field, and prose for the preview. */
export const markdownEditorLinks: LinksFunction = () => [...fieldLinks(), { rel: 'stylesheet', href: proseStyles }]

/**
 * A Markdown textarea with a Preview button. The preview is a normal form
 * submit (intent=preview) that the server renders through the same pipeline
 * as a post, so it works without JavaScript and shows exactly what will be stored.
 */
export function MarkdownEditor({
  id = 'body',
  label,
  defaultValue,
  error,
  previewHtml,
  rows = 8,
}: {
  id?: string
  label: string
  defaultValue?: string
  error?: string
  previewHtml?: string | null
  rows?: number
}) {
  const hint = 'Markdown: **bold**, _italic_, `code`, ``` fenced blocks ```, tables, - [ ] task lists, links.'
  return (
    <>
      <Field id={id} label={label} error={error} hint={hint}>
        <textarea
          id={id}
          name="body"
          rows={rows}
          defaultValue={defaultValue}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, error, hint)}
          required
          maxLength={MAX_BODY}
        />
      </Field>
      {previewHtml ? (
        <section className="preview" aria-label="Preview">
          <h2 className="preview__title">Preview</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: previewHtml }} />
        </section>
      ) : null}
    </>
  )
}
