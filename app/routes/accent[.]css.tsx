import type { LoaderFunctionArgs } from '@remix-run/node'

import { accentCss } from '../domain/settings/identity'

/*
 * /accent.css?c=rrggbb: the community's accent colour as a style sheet. A
 * sheet from this site is what the CSP allows whether the page was rendered
 * on the server or in the browser (an inline style made in the browser has
 * no nonce). It depends on its address alone, so it is kept for a year: a
 * new colour is a new address.
 */
export function loader({ request }: LoaderFunctionArgs) {
  const colour = new URL(request.url).searchParams.get('c')
  const css = colour ? accentCss(`#${colour}`) : ''
  if (!css) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return new Response(css, {
    headers: { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable' },
  })
}
