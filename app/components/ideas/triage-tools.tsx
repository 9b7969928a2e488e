import { Form } from '@remix-run/react'
import { useState } from 'react'

import { ideaStatuses, statusLabels } from '../../domain/ideas/idea.terms'
import { useIntentResult } from '../../lib/intent-result'
import { describedBy, Field, FormMessage } from '../field'
import { SimilarThreads } from '../search/similar-threads'
import type { IdeaPanelData } from '../thread/types'

function StatusForm({ panel }: { panel: IdeaPanelData }) {
  const own = useIntentResult('status')
  return (
    <Form method="post" className="stack" preventScrollReset>
      <input type="hidden" name="intent" value="status" />
      <FormMessage message={own.failed ? own.message : null} />
      <Field id="status" label="Status" error={own.errors.status}>
        <select id="status" name="status" defaultValue={own.values.status ?? panel.status}>
          {ideaStatuses.map((s) => (
            <option key={s} value={s}>
              {statusLabels[s]}
            </option>
          ))}
        </select>
      </Field>
      <Field id="status-note" label="Public note (required for Shipped and Declined)" error={own.errors.note}>
        <textarea
          id="status-note"
          name="note"
          rows={3}
          defaultValue={own.values.note}
          aria-describedby={describedBy('status-note', own.errors.note)}
          aria-invalid={own.errors.note ? true : undefined}
        />
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary">
          Change status
        </button>
      </div>
    </Form>
  )
}

/** Link or merge: both take a thread's link or number, each with its own errors. */
function ThreadRefForm({ intent, id, label, button }: { intent: 'link' | 'merge'; id: string; label: string; button: string }) {
  const own = useIntentResult(intent)
  return (
    <Form method="post" className="stack" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      <FormMessage message={own.failed && !own.errors.thread ? own.message : null} />
      <Field id={id} label={label} error={own.errors.thread}>
        <input
          id={id}
          name="thread"
          defaultValue={own.failed ? own.values.thread : undefined}
          aria-describedby={describedBy(id, own.errors.thread)}
          aria-invalid={own.errors.thread ? true : undefined}
        />
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--ghost">
          {button}
        </button>
      </div>
    </Form>
  )
}

/** Status, links and merges; open when one of its forms was refused. */
export function TriageTools({ panel, idea }: { panel: IdeaPanelData; idea: { id: number; title: string } }) {
  const answered = useIntentResult('status', 'link', 'merge')
  const [open, setOpen] = useState(answered.failed)
  return (
    <details className="triage__tools" open={answered.failed} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Triage: status, links, merges</summary>
      {/* Duplicates are caught while an idea is new: threads and ideas like it, to link or merge. */}
      {open && panel.status === 'new' ? <SimilarThreads title={idea.title} exclude={idea.id} heading="Possible duplicates" /> : null}
      <StatusForm panel={panel} />
      <ThreadRefForm intent="link" id="link-thread" label="Link a support thread (link or number)" button="Link thread" />
      <ThreadRefForm
        intent="merge"
        id="merge-thread"
        label="Merge a duplicate idea into this one (link or number)"
        button="Merge duplicate here"
      />
    </details>
  )
}
