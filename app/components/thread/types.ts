import type { loadThread, ThreadIntentResult } from '../../lib/thread-route.server'

/** The thread page's read model, as its components receive it. */
export type ThreadData = Awaited<ReturnType<typeof loadThread>>
export type ThreadPost = ThreadData['posts'][number]
export type IdeaPanelData = NonNullable<ThreadData['idea']>
export type { ThreadIntentResult }
