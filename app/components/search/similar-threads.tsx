import type { LinksFunction } from '@remix-run/node'
import { Link, useFetcher } from '@remix-run/react'
import { useEffect } from 'react'

import type { similarThreads } from '../../domain/search/search.server'
import { threadUrl } from '../../lib/urls'
import searchStyles from '../../styles/search.css'
import { Badge } from '../badge'

/** The sheet SimilarThreads needs, for the `links` of routes that show it. */
export const similarThreadsLinks: LinksFunction = () => [{ rel: 'stylesheet', href: searchStyles }]

type Similar = Awaited<ReturnType<typeof similarThreads>>

const TYPING_PAUSE_MS = 300

/**
 * Threads that look like the one being written: answered questions first
 * (with the start of their accepted answer), then other threads, then open
 * ideas to vote for instead. Shown while typing; nothing without JavaScript.
 */
export function SimilarThreads({ title, exclude, heading = 'Already asked?' }: { title: string; exclude?: number; heading?: string }) {
  const fetcher = useFetcher<Similar>()
  const { load } = fetcher
  useEffect(() => {
    const text = title.trim()
    if (text.length < 4) return
    const timer = setTimeout(() => load(`/search/similar?title=${encodeURIComponent(text)}`), TYPING_PAUSE_MS)
    return () => clearTimeout(timer)
  }, [title, load])
  const found = title.trim().length >= 4 ? fetcher.data : undefined
  const keep = (s: { threadId: number }) => s.threadId !== exclude
  const answered = found?.answered.filter(keep) ?? []
  const others = found?.others.filter(keep) ?? []
  const ideas = found?.ideas.filter(keep) ?? []
  return (
    <div aria-live="polite">
      {answered.length + others.length + ideas.length ? (
        <section className="similar" aria-label={heading}>
          {answered.length + others.length ? (
            <div>
              <h3>{heading}</h3>
              <ul>
                {[...answered, ...others].map((s) => (
                  <li key={s.threadId}>
                    <Link to={threadUrl({ id: s.threadId, slug: s.slug })} target="_blank">
                      {s.title}
                    </Link>{' '}
                    {s.solved ? <Badge tone="success">✓ Solved</Badge> : null}
                    {s.acceptedExcerpt ? <span className="similar__excerpt">{s.acceptedExcerpt}</span> : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {ideas.length ? (
            <div>
              <h3>Known requests: vote here instead</h3>
              <ul>
                {ideas.map((s) => (
                  <li key={s.threadId}>
                    <Link to={threadUrl({ id: s.threadId, slug: s.slug })} target="_blank">
                      {s.title}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  )
}
