import { Form } from '@remix-run/react'

import { useIntentResult } from '../../lib/intent-result'
import { Badge } from '../badge'
import { describedBy, Field } from '../field'
import type { IdeaPanelData } from '../thread/types'
import { RelativeTime } from '../time'

/** Notes for staff and product teams only; the page never carries them to anyone else. */
export function InternalNotes({ notes }: { notes: IdeaPanelData['notes'] }) {
  const own = useIntentResult('note')
  return (
    <section className="internal-notes" aria-labelledby="notes-heading">
      <h2 id="notes-heading" className="idea-panel__heading">
        Internal notes <Badge tone="warning">Staff and product only</Badge>
      </h2>
      {notes?.length ? (
        <ul className="internal-notes__list">
          {notes.map((note) => (
            <li key={note.id} className="internal-note">
              <p className="muted small">
                {note.authorUsername} · <RelativeTime date={note.createdAt} />
              </p>
              <div className="prose" dangerouslySetInnerHTML={{ __html: note.html }} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">No internal notes yet.</p>
      )}
      <Form method="post" className="stack" preventScrollReset key={notes?.length ?? 0}>
        <input type="hidden" name="intent" value="note" />
        <Field id="note-body" label="Add an internal note" error={own.errors.body}>
          <textarea
            id="note-body"
            name="body"
            rows={3}
            defaultValue={own.failed ? own.values.body : undefined}
            aria-describedby={describedBy('note-body', own.errors.body)}
            aria-invalid={own.errors.body ? true : undefined}
          />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--ghost">
            Add internal note
          </button>
        </div>
      </Form>
    </section>
  )
}
