import type { LoaderFunctionArgs } from '@remix-run/node'

import { exportAccountData } from '../domain/account/account.server'
import { requireActor, throwAsPage } from '../lib/request.server'

/** The member's data as a file to keep: never cached, never shown inline. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  let data: Awaited<ReturnType<typeof exportAccountData>>
  try {
    data = await exportAccountData(context.sql, actor, new URL(context.publicUrl || request.url).origin)
  } catch (error) {
    throwAsPage(error)
  }
  const day = new Date().toISOString().slice(0, 10)
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${actor.username}-data-${day}.json"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
