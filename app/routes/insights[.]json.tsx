import type { LoaderFunctionArgs } from '@remix-run/node'

import { DomainError, statusFor } from '../domain/errors'
import { getInsights } from '../domain/pages/insights.server'
import { requireActor } from '../lib/request.server'

/** Every figure of /insights for one period, at a stable address for scripts and spreadsheets. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-store' }
  try {
    const insights = await getInsights(context.sql, actor, new URL(request.url).searchParams.get('days'))
    return new Response(JSON.stringify(insights, null, 2) + '\n', { headers })
  } catch (error) {
    if (error instanceof DomainError)
      return new Response(JSON.stringify({ error: error.message }) + '\n', { status: statusFor[error.code], headers })
    throw error
  }
}
