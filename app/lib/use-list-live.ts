import { useCallback, useEffect, useRef, useState } from 'react'

import { subscribe, type LiveEvent } from './live'
import { useRefresh } from './use-refresh'

/** What the board and roadmap show of an idea: its votes, its status, whether it was merged away. */
export const boardChanged = (event: LiveEvent) =>
  event.type === 'idea:voted' || event.type === 'idea:statusChanged' || event.type === 'idea:merged'

/**
 * Keeps a list of threads current without moving it under the reader's eyes:
 * new threads are counted ("3 new threads: show") and appear when the reader
 * asks; changes to what is shown (an idea's votes or status) reload the list
 * in place.
 */
export function useListLive(room: string, options: { liveMark: string; refreshOn?: (event: LiveEvent) => boolean }) {
  const refresh = useRefresh()
  const [fresh, setFresh] = useState<Set<number>>(new Set())
  const { refreshOn } = options
  const markRef = useRef(options.liveMark)
  markRef.current = options.liveMark

  useEffect(() => {
    setFresh(new Set())
    return subscribe({
      room,
      since: () => markRef.current,
      // Back after a dropped connection, what was missed is unknown; between
      // reading the page and joining, something changed: the list is reloaded.
      onJoin: (result, rejoined) => {
        if (result.ok && (rejoined || result.changed)) refresh()
      },
      onEvent: (event) => {
        if (event.type === 'thread:pinned' || event.type === 'thread:moved' || event.type === 'thread:merged') {
          // Staff rearranged the list: show it as it is now.
          refresh()
        } else if (event.type === 'thread:created') {
          // A set, so an event delivered twice counts once.
          setFresh((now) => (now.has(event.threadId) ? now : new Set(now).add(event.threadId)))
        } else if (refreshOn?.(event)) {
          refresh()
        }
      },
    })
  }, [room, refresh, refreshOn])

  const show = useCallback(() => {
    setFresh(new Set())
    refresh()
  }, [refresh])

  return { newThreads: fresh.size, show }
}
