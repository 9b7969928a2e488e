import type { HeadersFunction } from '@remix-run/node'

/**
 * A route's `headers`: a refusal that lifts by itself (a rate limit) says
 * when to try again, on the page as well as on data requests.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers()
  const retryAfter = actionHeaders.get('Retry-After')
  if (retryAfter) headers.set('Retry-After', retryAfter)
  return headers
}
