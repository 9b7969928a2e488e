import { Form } from '@remix-run/react'

import type { WatchLevel } from '../../db/types'

const choices = [
  { level: 'watching', label: 'Watching' },
  { level: 'normal', label: 'Normal' },
  { level: 'muted', label: 'Muted' },
] as const

const hints = {
  thread: {
    watching: 'You hear of every reply.',
    normal: 'You hear when someone mentions you, quotes you or replies to your thread.',
    muted: 'You hear nothing about this thread.',
  },
  category: {
    watching: 'You hear of each new thread here.',
    normal: 'Threads here notify you as usual.',
    muted: 'Threads here are silent unless you watch one.',
  },
} as const

/**
 * How a member follows a thread or category: three buttons in one form, the
 * current one pressed. Plain form posts, so it works without JavaScript.
 */
export function WatchControl({ level, of, message }: { level: WatchLevel | null; of: 'thread' | 'category'; message?: string | null }) {
  const current = level ?? 'normal'
  return (
    <Form method="post" className="watch-control" preventScrollReset>
      <input type="hidden" name="intent" value="watch" />
      <fieldset>
        <legend>Notifications</legend>
        <div className="watch-control__buttons">
          {choices.map((choice) => (
            <button
              key={choice.level}
              type="submit"
              name="level"
              value={choice.level}
              aria-pressed={current === choice.level}
              className={`button button--small${current === choice.level ? ' button--pressed' : ' button--ghost'}`}
            >
              {choice.label}
            </button>
          ))}
        </div>
        <p className="muted watch-control__hint">{hints[of][current]}</p>
      </fieldset>
      <div role="status">{message ? <p className="notice">{message}</p> : null}</div>
    </Form>
  )
}
