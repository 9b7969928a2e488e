import { NavLink } from '@remix-run/react'
import { useEffect, useState } from 'react'

import { subscribe, useConnectionState } from '../lib/live'

/** "3 new threads: show": new threads wait for the reader instead of pushing the list down. */
export function NewThreadsNotice({ count, onShow }: { count: number; onShow: () => void }) {
  // Always rendered, so screen readers hear the count as it changes.
  return (
    <div role="status" className="live-notice-slot">
      {count > 0 ? (
        <button type="button" className="live-notice" onClick={onShow}>
          {count} new {count === 1 ? 'thread' : 'threads'}: show
        </button>
      ) : null}
    </div>
  )
}

/** Staff's link to the queue, with the number of posts waiting, kept current live. */
export function ModerationLink({ waiting }: { waiting: number }) {
  const [count, setCount] = useState(waiting)
  useEffect(() => setCount(waiting), [waiting])
  useEffect(
    () =>
      subscribe({
        room: 'staff',
        onEvent: (event) => {
          if (event.type === 'mod:queue') setCount(event.waiting)
        },
      }),
    [],
  )
  return (
    <NavLink to="/mod">
      Moderation
      {count > 0 ? (
        <span className="count-pill">
          {count}
          <span className="visually-hidden"> waiting</span>
        </span>
      ) : null}
    </NavLink>
  )
}

const QUIET_FOR_MS = 3_000
const BACK_SHOWN_MS = 4_000

/**
 * Says quietly when live updates are down for more than a few seconds, and
 * when they are back. Nothing else on the page changes: it still works as
 * a plain page.
 */
export function ConnectionNotice() {
  const state = useConnectionState()
  const [shown, setShown] = useState<'down' | 'back' | null>(null)
  useEffect(() => {
    if (state === 'down') {
      const timer = setTimeout(() => setShown('down'), QUIET_FOR_MS)
      return () => clearTimeout(timer)
    }
    if (state === 'connected') {
      setShown((now) => (now === 'down' ? 'back' : now === 'back' ? 'back' : null))
      const timer = setTimeout(() => setShown(null), BACK_SHOWN_MS)
      return () => clearTimeout(timer)
    }
  }, [state])
  return (
    <div role="status" className="connection-notice-slot">
      {shown ? (
        <p className={`connection-notice${shown === 'down' ? ' connection-notice--down' : ''}`}>
          {shown === 'down' ? 'Live updates paused: reconnecting…' : 'Live updates are back.'}
        </p>
      ) : null}
    </div>
  )
}
