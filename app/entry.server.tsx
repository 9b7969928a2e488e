import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleDataRequestFunction } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'

import { BatchedStream } from './lib/batched-stream.server'
import { NonceProvider } from './lib/nonce'
import { ShownHtmlProvider } from './lib/shown-html'

const ABORT_DELAY = 5_000

/**
 * Cookies the auth layer wants sent, and no caching anywhere of a page made
 * for a signed-in member: it may show their name, their drafts, staff tools.
 */
async function finishHeaders(headers: Headers, context: AppLoadContext) {
  for (const cookie of context.responseCookies ?? []) headers.append('Set-Cookie', cookie)
  if (!context.actor) return
  // A session lookup still pending here means the database stopped answering (the page is a
  // 503): the response must not wait for it, and may have been meant for a member.
  const pending = Symbol('pending')
  const actor = await Promise.race([context.actor.catch(() => null), new Promise((resolve) => setImmediate(() => resolve(pending)))])
  if (actor) headers.set('Cache-Control', 'private, no-store')
}

export const handleDataRequest: HandleDataRequestFunction = async (response, { context }) => {
  await finishHeaders(response.headers, context)
  return response
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  await finishHeaders(responseHeaders, loadContext)
  // Crawlers get the whole page at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'
  return new Promise((resolve, reject) => {
    let shellRendered = false
    // Cleared when rendering ends, so a finished response is not held for the whole delay.
    const timer: { abort?: NodeJS.Timeout } = {}
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={loadContext.nonce}>
        <ShownHtmlProvider value={loadContext.shownHtml}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={loadContext.nonce} />
        </ShownHtmlProvider>
      </NonceProvider>,
      {
        nonce: loadContext.nonce,
        [readyEvent]() {
          shellRendered = true
          const body = new BatchedStream()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
          body.on('close', () => clearTimeout(timer.abort))
          pipe(body)
        },
        onShellError(error: unknown) {
          clearTimeout(timer.abort)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    timer.abort = setTimeout(abort, ABORT_DELAY)
  })
}
