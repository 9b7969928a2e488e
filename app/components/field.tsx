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

/** A password field: never filled back in after a refusal, and named for the browser's password manager. */
export function PasswordField({
  label,
  error,
  hint,
  autoComplete,
  name = 'password',
}: {
  label: string
  error?: string
  hint?: string
  autoComplete: 'current-password' | 'new-password'
  /** The field's name and id: a form asking for two passwords names them apart. */
  name?: string
}) {
  return (
    <Field id={name} label={label} error={error} hint={hint}>
      <input
        id={name}
        name={name}
        type="password"
        autoComplete={autoComplete}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
      />
    </Field>
  )
}
