import type { LoaderFunctionArgs } from '@remix-run/node'

import { categoryColoursSheet } from '../domain/categories/colour'

/** Categories' colours as CSS custom properties: a pure function of the address, so cached for good (see categoryColoursHref). */
export function loader({ request }: LoaderFunctionArgs) {
  const sheet = categoryColoursSheet(new URL(request.url).searchParams.get('c') ?? '')
  return new Response(`${sheet}\n`, {
    headers: { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable' },
  })
}
