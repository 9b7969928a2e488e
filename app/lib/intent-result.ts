import { useActionData, useLocation } from '@remix-run/react'
import { useRef } from 'react'

/** What a refused or invalid intent sends back to its form. */
export type IntentFailure = {
  intent: string
  ok: false
  message: string | null
  errors: Record<string, string>
  values: Record<string, string>
}

type Tagged = { intent: string; ok: boolean }

export type FormResult<R> = {
  /** The intent's own success result, or null. */
  result: R | null
  failed: boolean
  message: string | null
  errors: Record<string, string>
  values: Record<string, string>
}

const nothing = { result: null, failed: false, message: null, errors: {}, values: {} }

/**
 * The action's answer, kept while the reader stays on the page. A live
 * page reloads its data when others change something, and the router
 * forgets the last action's answer on every reload: without this, a
 * confirmation or a refused form's errors would vanish under the reader.
 */
function useStickyActionData(): unknown {
  const answer = useActionData()
  const { key } = useLocation()
  const kept = useRef<{ key: string; answer: unknown } | null>(null)
  if (answer !== undefined) kept.current = { key, answer }
  else if (kept.current && kept.current.key !== key) kept.current = null
  return answer ?? kept.current?.answer
}

/**
 * The action's answer, if it answered one of these intents: several forms
 * share a page's action, and each shows only its own result and errors.
 */
export function useIntentResult<R extends Tagged = Tagged>(...intents: string[]): FormResult<R> {
  const answer = useStickyActionData() as R | IntentFailure | undefined
  if (!answer || typeof answer !== 'object' || !('intent' in answer) || !intents.includes(answer.intent)) return nothing
  if (answer.ok === false) {
    const refused = answer as IntentFailure
    return { result: null, failed: true, message: refused.message, errors: refused.errors ?? {}, values: refused.values ?? {} }
  }
  const done = answer as R & { message?: string; values?: Record<string, string> }
  return { result: done, failed: false, message: done.message ?? null, errors: {}, values: done.values ?? {} }
}
