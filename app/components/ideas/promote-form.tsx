import { Form } from '@remix-run/react'

import { useIntentResult } from '../../lib/intent-result'
import { describedBy, Field, FormMessage } from '../field'
import type { ThreadData } from '../thread/types'

/** Staff and product teams turn a thread into an idea; title and summary start from the thread's own. */
export function PromoteForm({ promote }: { promote: NonNullable<ThreadData['promote']> }) {
  const own = useIntentResult('promote')
  return (
    <details className="promote" open={own.failed}>
      <summary>Promote to idea</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="promote" />
        <FormMessage message={own.failed && !Object.keys(own.errors).length ? own.message : null} />
        <Field id="promote-title" label="Idea title" error={own.errors.title}>
          <input
            id="promote-title"
            name="title"
            defaultValue={own.values.title ?? promote.title}
            aria-invalid={own.errors.title ? true : undefined}
            aria-describedby={describedBy('promote-title', own.errors.title)}
          />
        </Field>
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
