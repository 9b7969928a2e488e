import type { LinksFunction } from '@remix-run/node'
import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent } from 'react'

import { MAX_BODY } from '../domain/threads/thread.terms'
import { acceptList, fileTypeNames } from '../domain/uploads/kinds'
import editorStyles from '../styles/editor.css'
import proseStyles from '../styles/prose.css'
import { describedBy, Field, fieldLinks } from './field'

/** The sheets the editor needs: its field, and prose for the preview. */
export const markdownEditorLinks: LinksFunction = () => [
  ...fieldLinks(),
  { rel: 'stylesheet', href: editorStyles },
  { rel: 'stylesheet', href: proseStyles },
]

/** An image added to the text, whose description the author can change. */
interface Added {
  path: string
  name: string
  alt: string
}

/**
 * A Markdown textarea with a Preview button and attachments. The preview is
 * a normal form submit (intent=preview) that the server renders through the
 * same pipeline as a post, so it works without JavaScript and shows exactly
 * what will be stored.
 *
 * Attachments: without JavaScript the file field goes with the form and the
 * server adds each file to the text. With it, a file pasted, dropped or
 * picked is uploaded at once: a placeholder marks its place while it goes,
 * then ordinary Markdown (`![name](/uploads/…)`) takes it, and the image's
 * description (its alt text, the file name until the author writes one) can
 * be changed below the text. The form must be sent as multipart/form-data.
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
  const hint =
    'Markdown: **bold**, _italic_, `code`, ``` fenced blocks ```, tables, - [ ] task lists, links. Paste or drop images into the text.'
  const textarea = useRef<HTMLTextAreaElement>(null)
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null)
  const [pending, setPending] = useState(0)
  const [added, setAdded] = useState<Added[]>([])
  const pendingRef = useRef(0)
  pendingRef.current = pending

  // A post sent while a file is still on its way would carry the placeholder, not the file.
  useEffect(() => {
    const form = textarea.current?.form
    if (!form) return
    const hold = (event: SubmitEvent) => {
      if (pendingRef.current === 0) return
      event.preventDefault()
      setStatus({ text: 'Wait for the upload to finish, then send again.', failed: true })
    }
    form.addEventListener('submit', hold)
    return () => form.removeEventListener('submit', hold)
  }, [])

  async function upload(files: File[]) {
    const box = textarea.current
    if (!box) return
    for (const file of files) {
      const placeholder = `![Uploading ${file.name.replace(/[[\]]/g, '')}…]()`
      insertAtCursor(box, placeholder)
      setPending((n) => n + 1)
      setStatus({ text: `Uploading ${file.name}…`, failed: false })
      try {
        const body = new FormData()
        body.append('file', file, file.name || 'pasted-image.png')
        const response = await fetch('/uploads', { method: 'POST', body, headers: { Accept: 'application/json' } })
        const result = (await response.json().catch(() => ({}))) as {
          markdown?: string
          path?: string
          name?: string
          kind?: string
          error?: string
        }
        if (!response.ok || !result.markdown) throw new Error(result.error ?? refusalFor(response.status, file.name))
        replaceText(box, placeholder, result.markdown)
        if (result.kind === 'image' && result.path && result.name) {
          const image = { path: result.path, name: result.name, alt: result.name }
          setAdded((list) => [...list.filter((a) => a.path !== image.path), image])
        }
        setStatus({ text: `${file.name} added.`, failed: false })
      } catch (failure) {
        replaceText(box, placeholder, '')
        setStatus({
          text: failure instanceof Error && failure.message ? failure.message : `${file.name} could not be uploaded.`,
          failed: true,
        })
      } finally {
        setPending((n) => n - 1)
      }
    }
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const files = [...event.clipboardData.files]
    if (!files.length) return
    event.preventDefault()
    void upload(files)
  }

  function onDrop(event: DragEvent<HTMLTextAreaElement>) {
    const files = [...event.dataTransfer.files]
    if (!files.length) return
    event.preventDefault()
    void upload(files)
  }

  function describe(image: Added, alt: string) {
    const box = textarea.current
    if (!box) return
    const clean = alt.replace(/[[\]\\\n]/g, ' ')
    replaceText(box, `![${image.alt}](${image.path})`, `![${clean}](${image.path})`)
    setAdded((list) => list.map((a) => (a.path === image.path ? { ...a, alt: clean } : a)))
  }

  const pickerId = `${id}-files`
  return (
    <>
      <Field id={id} label={label} error={error} hint={hint}>
        <textarea
          ref={textarea}
          id={id}
          name="body"
          rows={rows}
          defaultValue={defaultValue}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, error, hint)}
          required
          maxLength={MAX_BODY}
          onPaste={onPaste}
          onDrop={onDrop}
          onDragOver={(event) => {
            if (event.dataTransfer.types.includes('Files')) event.preventDefault()
          }}
        />
      </Field>
      <div className="attach">
        <label htmlFor={pickerId} className="attach__label">
          Attach images or files
        </label>
        <input
          id={pickerId}
          type="file"
          name="files"
          multiple
          accept={acceptList(fileTypeNames)}
          className="attach__picker"
          aria-describedby={`${pickerId}-status`}
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])]
            // Uploaded now; the form itself then carries no file.
            event.currentTarget.value = ''
            void upload(files)
          }}
        />
        <p id={`${pickerId}-status`} className={status?.failed ? 'attach__status attach__status--failed' : 'attach__status'} role="status">
          {status?.text ?? ''}
        </p>
        {added.length ? (
          <ul className="attach__list" aria-label="Images in the text">
            {added.map((image) => (
              <li key={image.path} className="attach__item">
                <img src={image.path} alt="" width={48} height={48} className="attach__thumb" />
                <label>
                  <span>Describe {image.name} for people who cannot see it</span>
                  <input
                    type="text"
                    defaultValue={image.alt}
                    maxLength={200}
                    onBlur={(event) => describe(image, event.currentTarget.value)}
                  />
                </label>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {previewHtml ? (
        <section className="preview" aria-label="Preview">
          <h2 className="preview__title">Preview</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: previewHtml }} />
        </section>
      ) : null}
    </>
  )
}

function refusalFor(status: number, name: string): string {
  if (status === 413) return `${name} is too large to upload.`
  if (status === 429) return 'You are uploading faster than the community allows. Wait a moment.'
  if (status === 401) return 'Sign in again to upload files.'
  return `${name} could not be uploaded.`
}

/** Inserts text where the caret is, on lines of its own, as typing would (undo and input listeners see it). */
function insertAtCursor(box: HTMLTextAreaElement, text: string) {
  const start = box.selectionStart
  const before = box.value.slice(0, start)
  const spaced = `${before && !before.endsWith('\n') ? '\n' : ''}${text}\n`
  box.focus()
  box.setRangeText(spaced, start, box.selectionEnd, 'end')
  box.dispatchEvent(new Event('input', { bubbles: true }))
}

function replaceText(box: HTMLTextAreaElement, find: string, replacement: string) {
  const at = box.value.indexOf(find)
  if (at === -1) return
  const end = at + find.length
  // An emptied placeholder takes its line with it.
  const through = replacement === '' && box.value[end] === '\n' ? end + 1 : end
  box.setRangeText(replacement, at, through, 'preserve')
  box.dispatchEvent(new Event('input', { bubbles: true }))
}
