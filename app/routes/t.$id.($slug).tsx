import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

import { threadLinks, threadMeta, ThreadView } from '../components/thread/thread-view'
import { loadThread, threadAction } from '../lib/thread-route.server'

export const loader = (args: LoaderFunctionArgs) => loadThread(args)
export const action = (args: ActionFunctionArgs) => threadAction(args)
export const links = threadLinks
export const meta = threadMeta
export default ThreadView
