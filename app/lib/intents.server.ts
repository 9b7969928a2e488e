import { data, redirect } from '@remix-run/node'
import type { z } from 'zod'

import type { Sql } from '../../db/client'
import { DomainError, RateLimited, statusFor } from '../domain/errors'
import type { LimitSettings } from '../domain/limits/limits'
import type { User } from '../domain/policy.server'
import { parseForm, typedValues } from './forms'
import type { IntentFailure } from './intent-result'
import { loginUrl } from './urls'

/*
 * A page whose forms do several things names each with an `intent` field.
 * Every intent declares the fields it reads (a zod object), and its handler
 * calls one domain function with them and returns what its form shows.
 * Handlers that move the reader elsewhere throw a redirect.
 */

/**
 * `limits` are the request's RATE_LIMITS, for the domain functions that
 * count per-user limits; `attach` adds files sent with the form to a text
 * (see formAttachments).
 */
export type IntentArgs = { sql: Sql; actor: User; id: number; limits: LimitSettings; attach?: (markdown: string) => Promise<string> }

export type Intent<S extends z.ZodType, R extends object> = {
  fields: S
  run: (args: IntentArgs, input: z.output<S>) => Promise<R>
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of intents with different fields and results
type AnyIntent = Intent<any, object>

export function intent<S extends z.ZodType, R extends object>(fields: S, run: Intent<S, R>['run']): Intent<S, R> {
  return { fields, run }
}

/** What a successful intent returns, tagged with its name so each form finds its own result. */
export type IntentSuccess<T extends Record<string, AnyIntent>> = {
  [K in keyof T & string]: { intent: K; ok: true } & Awaited<ReturnType<T[K]['run']>>
}[keyof T & string]

function failure(intent: string, status: number, failed: Omit<IntentFailure, 'intent' | 'ok'>, headers?: HeadersInit) {
  return data<IntentFailure>({ intent, ok: false, ...failed }, { status, headers })
}

/**
 * Runs the intent a form names (or `fallback` when it names none). Bad fields
 * come back to their form with a 400; a refusal the reader can act on comes
 * back to the form with its status and the text they typed (a rate limit
 * too, with Retry-After: the reply they wrote is not lost); a missing thing
 * is an error page; a visitor is sent to sign in.
 */
export async function runIntent<T extends Record<string, AnyIntent>>(
  intents: T,
  form: FormData,
  args: IntentArgs,
  request: Request,
  fallback?: keyof T & string,
) {
  const named = form.get('intent')
  const name = typeof named === 'string' ? named : (fallback ?? '')
  const chosen = Object.hasOwn(intents, name) ? intents[name] : undefined
  if (!chosen) return failure(name, 400, { message: 'That action is not available on this page.', errors: {}, values: {} })
  const parsed = parseForm(chosen.fields, form)
  if (!parsed.ok) return failure(name, 400, { message: null, errors: parsed.errors, values: parsed.values })
  try {
    const result = await chosen.run(args, parsed.value)
    return { intent: name, ok: true, ...result } as IntentSuccess<T>
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const url = new URL(request.url)
    if (error.code === 'unauthorized') throw redirect(loginUrl(url.pathname + url.search))
    if (error.code === 'not_found') throw data({ message: error.message }, { status: statusFor[error.code] })
    const headers = error instanceof RateLimited ? { 'Retry-After': String(error.retryAfterSeconds) } : undefined
    return failure(
      name,
      statusFor[error.code],
      { message: error.message, errors: error.fields, values: typedValues(chosen.fields, form) },
      headers,
    )
  }
}
