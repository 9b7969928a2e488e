import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

import { threadLinks, threadMeta, ThreadView } from '../components/thread/thread-view'
import { retryAfterHeaders } from '../lib/retry-after'
import { loadThread, threadAction } from '../lib/thread-route.server'

export const loader = (args: LoaderFunctionArgs) => loadThread(args)
export const action = (args: ActionFunctionArgs) => threadAction(args)
export const links = threadLinks
// A form refused by a rate limit says when to try again.
export const headers = retryAfterHeaders
export const meta = threadMeta
export default ThreadView
