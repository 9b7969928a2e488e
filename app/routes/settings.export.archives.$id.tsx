import type { LoaderFunctionArgs } from '@remix-run/node'

import { downloadArchive } from '../domain/account/archive.server'
import { idParam } from '../domain/threads/thread.schema'
import { parseParam, requireActor, throwAsPage } from '../lib/request.server'

/** A member's archive, to them only: never cached, always a download. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  const id = parseParam(idParam, params.id)
  let archive: Awaited<ReturnType<typeof downloadArchive>>
  try {
    archive = await downloadArchive(context.sql, actor, id)
  } catch (error) {
    throwAsPage(error)
  }
  const day = archive.readyAt.toISOString().slice(0, 10)
  return new Response(new Uint8Array(archive.archive), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Length': String(archive.archive.length),
      'Content-Disposition': `attachment; filename="${actor.username}-data-${day}.zip"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
