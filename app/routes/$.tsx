import { data } from '@remix-run/node'

/*
 * Every address no other route serves. Matching one here, rather than no
 * route at all, answers it like a thread that does not exist: the root
 * loader runs (the header shows who is signed in), the root error boundary
 * renders the 404 page, and a mistyped or probed address leaves no stack
 * trace in the log.
 */
function notFound(): never {
  throw data(null, { status: 404 })
}

export const loader = notFound
export const action = notFound

/** Never rendered: the loader always throws, and the root's error boundary shows the page. */
export default function NotFound() {
  return null
}
