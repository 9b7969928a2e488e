import { Link, useRevalidator } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'

import { subscribe } from '../lib/live'

/**
 * The bell in the header: how many notifications are unread, kept current
 * through the member's own live room (a new one, or reading them in another
 * tab). If one arrived between the page's render and the socket's join, or
 * while the connection was down, the page's data is read again.
 */
export function NotificationBell({ unread, liveMark }: { unread: number; liveMark: string }) {
  const [count, setCount] = useState(unread)
  const mark = useRef(liveMark)
  const revalidator = useRevalidator()
  // The page's data is read again for many reasons (an action, a live thread
  // reloading), and such a count may predate news the bell already heard
  // live. Only a read the bell asked for (it missed something) replaces it.
  const wanted = useRef(false)
  useEffect(() => {
    mark.current = liveMark
    if (!wanted.current) return
    wanted.current = false
    setCount(unread)
  }, [unread, liveMark])
  useEffect(
    () =>
      subscribe({
        room: 'me',
        since: () => mark.current,
        onJoin: (result, rejoined) => {
          if (!result.ok || !(result.changed || rejoined)) return
          wanted.current = true
          revalidator.revalidate()
        },
        onEvent: (event) => {
          // The member's room hears only their own share of news told to many.
          if (event.type === 'notifications:created' && event.recipients[0]) setCount(event.recipients[0].unread)
          if (event.type === 'notifications:read') setCount(event.unread)
        },
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one subscription for the page's life
    [],
  )
  const shown = count >= 100 ? '99+' : String(count)
  return (
    <Link to="/notifications" className="bell" aria-label={count > 0 ? `Notifications: ${shown} unread` : 'Notifications'}>
      <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
        <path
          d="M10 2.5a5 5 0 0 0-5 5v3.2L3.5 13.5h13L15 10.7V7.5a5 5 0 0 0-5-5ZM8 15.5a2 2 0 0 0 4 0"
          stroke="currentColor"
          strokeWidth="1.6"
          strokeLinejoin="round"
          fill="none"
        />
      </svg>
      {count > 0 ? (
        <span className="bell__count" data-testid="bell-count">
          {shown}
        </span>
      ) : null}
    </Link>
  )
}
