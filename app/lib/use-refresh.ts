import { useNavigation, useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useRef } from 'react'

/**
 * Reloads the page's data after live news, at most one reload at a time: a
 * burst of events (ten votes in a second) costs one or two requests, never
 * ten, and news arriving during a reload or a navigation (the reader's own
 * reply being posted) gets one more after it, rather than cutting it short.
 */
export function useRefresh(): () => void {
  const revalidator = useRevalidator()
  const navigation = useNavigation()
  const busy = revalidator.state !== 'idle' || navigation.state !== 'idle'
  const latest = useRef({ revalidator, busy })
  latest.current = { revalidator, busy }
  const pending = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  useEffect(() => {
    if (!busy && pending.current) {
      pending.current = false
      revalidator.revalidate()
    }
  }, [revalidator, busy])
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )

  return useCallback(() => {
    if (timer.current) return
    timer.current = setTimeout(() => {
      timer.current = null
      if (latest.current.busy) pending.current = true
      else latest.current.revalidator.revalidate()
    }, 50)
  }, [])
}
