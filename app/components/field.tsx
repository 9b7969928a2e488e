import type { LinksFunction } from '@remix-run/node'
import type { ReactNode } from 'react'

import formStyles from '../styles/forms.css'

/** The sheet a Field needs: spread it into the `links` of every route that renders one. */
export const fieldLinks: LinksFunction = () => [{ rel: 'stylesheet', href: formStyles }]

/** A labelled form control with its error announced to screen readers. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string
  label: string
  error?: string
  hint?: string
  children: ReactNode
}) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      <p className="field__error" id={`${id}-error`} aria-live="polite">
        {error ?? ''}
      </p>
    </div>
  )
}

export function describedBy(id: string, error?: string, hint?: string) {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
}

export function FormMessage({ message }: { message?: string | null }) {
  return (
    <div role="alert" aria-live="assertive" className={message ? 'form-message' : 'form-message form-message--empty'}>
      {message ?? ''}
    </div>
  )
}
