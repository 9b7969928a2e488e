import { Form } from '@remix-run/react'
import { useState } from 'react'

import { useIntentResult } from '../../lib/intent-result'
import { describedBy, Field, FormMessage } from '../field'
import { SimilarThreads } from '../search/similar-threads'
import type { ThreadData } from '../thread/types'

/** Staff and product teams turn a thread into an idea; title and summary start from the thread's own. */
export function PromoteForm({ promote }: { promote: NonNullable<ThreadData['promote']> }) {
  const own = useIntentResult('promote')
  const [open, setOpen] = useState(own.failed)
  const [title, setTitle] = useState(own.values.title ?? promote.title)
  return (
    <details className="promote" open={own.failed} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Promote to idea</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="promote" />
        <FormMessage message={own.failed && !Object.keys(own.errors).length ? own.message : null} />
        <Field id="promote-title" label="Idea title" error={own.errors.title}>
          <input
            id="promote-title"
            name="title"
            defaultValue={own.values.title ?? promote.title}
            onChange={(event) => setTitle(event.target.value)}
            aria-invalid={own.errors.title ? true : undefined}
            aria-describedby={describedBy('promote-title', own.errors.title)}
          />
        </Field>
        {/* An idea may already exist for this: better to link the thread there than to post a duplicate. */}
        {open ? <SimilarThreads title={title} heading="Similar threads" /> : null}
        <Field id="promote-body" label="Summary of the problem" error={own.errors.body}>
          <textarea
            id="promote-body"
            name="body"
            rows={4}
            defaultValue={own.values.body ?? promote.summary}
            aria-invalid={own.errors.body ? true : undefined}
            aria-describedby={describedBy('promote-body', own.errors.body)}
          />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            Create the idea
          </button>
        </div>
      </Form>
    </details>
  )
}
