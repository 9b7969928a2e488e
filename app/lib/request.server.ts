import { data, redirect, type AppLoadContext } from '@remix-run/node'

import { sessionKeyOf, validateSessionCookie } from '../domain/auth/session.server'
import { DomainError, RateLimited, statusFor } from '../domain/errors'
import type { Actor, User } from '../domain/policy.server'
import { loginUrl } from './urls'

/**
 * The signed-in user of this request, or null. A visitor without a session
 * cookie costs no query and gets no cookie. The session is read once per
 * request; a refreshed or cleared cookie is added to whatever response goes out.
 */
export function getActor(request: Request, context: AppLoadContext): Promise<Actor> {
  context.actor ??= validateSessionCookie(context.sql, request.headers.get('Cookie'), context.secure).then((check) => {
    if (check.setCookie) context.responseCookies.push(check.setCookie)
    context.bell = check.bell
    return check.user
  })
  return context.actor
}

/** The key of the session this request carries (what "this browser" means in the member's session list), or null. */
export function sessionKey(request: Request, context: AppLoadContext): string | null {
  return sessionKeyOf(context.sql, request.headers.get('Cookie'))
}

/** The signed-in member's bell (unread notifications), read with their session; null for a visitor. */
export async function getBell(request: Request, context: AppLoadContext) {
  await getActor(request, context)
  return context.bell ?? null
}

function here(request: Request) {
  const url = new URL(request.url)
  return url.pathname + url.search
}

/** The signed-in user; a visitor is sent to sign in and brought back here afterwards. */
export async function requireActor(request: Request, context: AppLoadContext, next = here(request)): Promise<User> {
  const actor = await getActor(request, context)
  if (!actor) throw redirect(loginUrl(next))
  return actor
}

/**
 * Turns a refusal from the domain into the response the visitor should see:
 * field errors back to the form (with their status), a rate limit back to
 * the form with what was typed (`values`) and Retry-After, a sign-in
 * redirect, or an error page with the right status.
 */
export function domainErrorResponse(error: unknown, request: Request, options: { next?: string; values?: Record<string, string> } = {}) {
  if (!(error instanceof DomainError)) throw error
  if (error.code === 'unauthorized') return redirect(loginUrl(options.next ?? here(request)))
  if (error instanceof RateLimited) {
    return data(
      { ok: false as const, message: error.message, errors: error.fields, values: options.values ?? {} },
      { status: statusFor[error.code], headers: { 'Retry-After': String(error.retryAfterSeconds) } },
    )
  }
  if (Object.keys(error.fields).length || error.code === 'invalid' || error.code === 'conflict') {
    return data(
      { ok: false as const, message: error.message, errors: error.fields, values: options.values ?? {} },
      { status: statusFor[error.code] },
    )
  }
  throw data({ message: error.message, help: error.help ?? null }, { status: statusFor[error.code] })
}

/** For loaders: a refusal becomes an error page with its status. */
export function throwAsPage(error: unknown): never {
  if (error instanceof DomainError) throw data({ message: error.message, help: error.help ?? null }, { status: statusFor[error.code] })
  throw error
}

/** Parses a route parameter with a zod schema; anything malformed is a 404. */
export function parseParam<T>(schema: { safeParse: (v: unknown) => { success: boolean; data?: T } }, value: unknown): T {
  const result = schema.safeParse(value)
  if (!result.success) throw data({ message: 'That page does not exist.' }, { status: 404 })
  return result.data as T
}
