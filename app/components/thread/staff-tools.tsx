import type { LinksFunction } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'

import { pinChoices, pinLabels } from '../../domain/threads/tools.terms'
import { useIntentResult } from '../../lib/intent-result'
import { threadUrl } from '../../lib/urls'
import staffToolsStyles from '../../styles/staff-tools.css'
import { describedBy, Field, FormMessage } from '../field'
import type { ThreadData } from './types'

/** The sheet the staff tools and the duplicate notice need. */
export const staffToolsLinks: LinksFunction = () => [{ rel: 'stylesheet', href: staffToolsStyles }]

const toolIntents = ['pin', 'move', 'closeDuplicate', 'reopenDuplicate', 'mergeThread']

/** "Closed as a duplicate of …", for everyone, at the top of the thread. */
export function DuplicateNotice({ thread }: { thread: ThreadData['thread'] }) {
  if (!thread.duplicateOf) return null
  return (
    <p className="notice notice--warning duplicate-notice">
      Closed as a duplicate of <Link to={threadUrl(thread.duplicateOf)}>{thread.duplicateOf.title}</Link>
    </p>
  )
}

function ReasonField({ id, error, value }: { id: string; error?: string; value?: string }) {
  return (
    <Field id={id} label="Reason (optional, for the audit log)" error={error}>
      <input
        id={id}
        name="reason"
        maxLength={500}
        defaultValue={value}
        aria-describedby={describedBy(id, error)}
        aria-invalid={error ? true : undefined}
      />
    </Field>
  )
}

/** One tool: its own intent, its own refusal beside its own fields. */
function ToolForm({
  intent,
  field,
  button,
  children,
}: {
  intent: string
  field: string
  button: string
  children: (own: ReturnType<typeof useIntentResult>) => ReactNode
}) {
  const own = useIntentResult(intent)
  return (
    <Form method="post" className="stack" preventScrollReset aria-label={button}>
      <input type="hidden" name="intent" value={intent} />
      <FormMessage message={own.failed && !own.errors[field] && !own.errors.reason ? own.message : null} />
      {children(own)}
      <ReasonField id={`${intent}-reason`} error={own.errors.reason} value={own.failed ? own.values.reason : undefined} />
      <div className="form-actions">
        <button type="submit" className="button button--ghost">
          {button}
        </button>
      </div>
    </Form>
  )
}

function ThreadRefInput({ id, name, own, hint }: { id: string; name: string; own: ReturnType<typeof useIntentResult>; hint?: string }) {
  return (
    <input
      id={id}
      name={name}
      required
      defaultValue={own.failed ? own.values[name] : undefined}
      aria-describedby={describedBy(id, own.errors[name], hint)}
      aria-invalid={own.errors[name] ? true : undefined}
    />
  )
}

const mergeHint = 'Its posts move to the end of that thread; links to this one will lead there.'

/** Pin, move, close as duplicate, merge: a closed disclosure until staff open it, or until one of its forms was refused. */
export function StaffTools({ data }: { data: ThreadData }) {
  const answered = useIntentResult(...toolIntents)
  const { tools, thread } = data
  if (!tools) return null
  return (
    <>
      {answered.result && answered.message ? (
        <p className="notice" role="status">
          {answered.message}
        </p>
      ) : null}
      <details className="staff-tools" open={answered.failed}>
        <summary>Staff tools: pin, move, duplicate, merge</summary>
        <ToolForm intent="pin" field="pinned" button="Save pin">
          {(own) => (
            <Field id="tool-pinned" label="Pin" error={own.errors.pinned}>
              <select id="tool-pinned" name="pinned" defaultValue={own.values.pinned ?? tools.pinned}>
                {pinChoices.map((choice) => (
                  <option key={choice} value={choice}>
                    {pinLabels[choice]}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </ToolForm>
        <ToolForm intent="move" field="category" button="Move thread">
          {(own) => (
            <Field id="tool-category" label={`Move from ${thread.categoryName} to`} error={own.errors.category}>
              <select
                id="tool-category"
                name="category"
                defaultValue={own.values.category}
                aria-describedby={describedBy('tool-category', own.errors.category)}
                aria-invalid={own.errors.category ? true : undefined}
              >
                {tools.categories.map((c) => (
                  <option key={c.slug} value={c.slug}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </ToolForm>
        {thread.duplicateOf ? (
          <ToolForm intent="reopenDuplicate" field="reason" button="Reopen (not a duplicate)">
            {() => null}
          </ToolForm>
        ) : (
          <ToolForm intent="closeDuplicate" field="duplicateOf" button="Close as duplicate">
            {(own) => (
              <Field id="tool-duplicate" label="Close as a duplicate of (thread link or number)" error={own.errors.duplicateOf}>
                <ThreadRefInput id="tool-duplicate" name="duplicateOf" own={own} />
              </Field>
            )}
          </ToolForm>
        )}
        <ToolForm intent="mergeThread" field="into" button="Merge into that thread">
          {(own) => (
            <Field id="tool-merge" label="Merge this thread into (thread link or number)" hint={mergeHint} error={own.errors.into}>
              <ThreadRefInput id="tool-merge" name="into" own={own} hint={mergeHint} />
            </Field>
          )}
        </ToolForm>
      </details>
    </>
  )
}
