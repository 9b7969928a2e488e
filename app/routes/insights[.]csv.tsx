import type { LoaderFunctionArgs } from '@remix-run/node'

import { DomainError, statusFor } from '../domain/errors'
import { exportInsightsCsv } from '../domain/pages/insights.server'
import { requireActor } from '../lib/request.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  const url = new URL(request.url)
  try {
    const { csv, filename } = await exportInsightsCsv(context.sql, actor, url.searchParams.get('days'), url.searchParams.get('table'))
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'private, no-store',
      },
    })
  } catch (error) {
    // A resource route has no page to show: answer with the refusal in plain text.
    if (error instanceof DomainError)
      return new Response(error.message + '\n', { status: statusFor[error.code], headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
    throw error
  }
}
