import type { loadThread, ThreadIntentResult } from '../../lib/thread-route.server'

/** The thread page's read model, as its components receive it. */
export type ThreadData = Awaited<ReturnType<typeof loadThread>>
/** A post as the page shows it: with its HTML, from the data or from the page's markup (see lib/shown-html). */
export type ThreadPost = Omit<ThreadData['posts'][number], 'html'> & { html: string | null }
/** The thread's data with every post's HTML at hand. */
export type ShownThread = Omit<ThreadData, 'posts'> & { posts: ThreadPost[] }
export type IdeaPanelData = NonNullable<ThreadData['idea']>
export type { ThreadIntentResult }
