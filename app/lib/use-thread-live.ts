import { useEffect, useRef, useState } from 'react'

import { subscribe } from './live'
import { replyTracker } from './reply-tracker'
import { useRefresh } from './use-refresh'

const TYPING_SHOWN_MS = 6_000

export interface ThreadLive {
  readers: number
  typing: string[]
  /** Replies beyond the page the reader is on: a link, not a growing page. */
  newReplies: { count: number; first: number } | null
  /** Away for more than a page of replies: offer a reload. */
  awayTooLong: boolean
}

/**
 * Keeps a thread's page current: replies on this page appear, anything else
 * that changes (edits, deletions, votes, the accepted answer, a lock)
 * reloads the page's data, so each reader sees exactly what a reload would
 * show them. An event applied twice changes nothing: a post number already
 * seen is ignored, and a reload is a reload.
 */
export function useThreadLive(options: {
  threadId: number
  lastPostNumber: number
  pageEnd: number
  me: string | null
  /** When the page's data was read (the loader's liveMark). */
  liveMark: string
  /** Staff and product teams also hear internal notes, which go to a room of their own. */
  hearsNotes: boolean
}): ThreadLive {
  const { threadId, lastPostNumber, pageEnd, me, hearsNotes } = options
  const markRef = useRef(options.liveMark)
  markRef.current = options.liveMark
  const refresh = useRefresh()
  const [readers, setReaders] = useState(0)
  const [typing, setTyping] = useState<Record<string, number>>({})
  const [newReplies, setNewReplies] = useState<ThreadLive['newReplies']>(null)
  const [awayTooLong, setAwayTooLong] = useState(false)
  // One tracker per thread: moving to another thread starts from its own numbers.
  const trackerRef = useRef({ threadId, tracker: replyTracker(lastPostNumber) })
  if (trackerRef.current.threadId !== threadId) trackerRef.current = { threadId, tracker: replyTracker(lastPostNumber) }
  const tracker = trackerRef.current.tracker
  const pageEndRef = useRef(pageEnd)
  pageEndRef.current = pageEnd
  // The page's data is the truth once it arrives (after a reply, a reload, another page).
  tracker.caughtUp(lastPostNumber)

  useEffect(() => {
    setNewReplies(null)
    setAwayTooLong(false)
  }, [threadId, pageEnd])

  useEffect(() => {
    const replyArrived = (postNumber: number) => {
      const outcome = tracker.arrived(postNumber, pageEndRef.current)
      if (outcome === 'ignore') return
      if (outcome === 'show') refresh()
      else setNewReplies((now) => ({ count: (now?.count ?? 0) + 1, first: now?.first ?? postNumber }))
      setTyping({})
    }
    return subscribe({
      room: `thread:${threadId}`,
      after: () => tracker.seen,
      since: () => markRef.current,
      onJoin: (result, rejoined) => {
        if (!result.ok) return
        for (const post of result.missed ?? []) replyArrived(post.postNumber)
        if (result.more) setAwayTooLong(true)
        // Edits, votes and deletions made while the connection was down, or
        // between reading the page and joining its room.
        if (rejoined || result.changed) refresh()
      },
      onEvent: (event) => {
        if (!('threadId' in event) || event.threadId !== threadId) return
        if (event.type === 'post:created') replyArrived(event.postNumber)
        else refresh()
      },
      onPresence: setReaders,
      onTyping: (username) => {
        if (username !== me) setTyping((now) => ({ ...now, [username]: Date.now() + TYPING_SHOWN_MS }))
      },
    })
  }, [threadId, me, refresh, tracker])

  useEffect(() => (hearsNotes ? subscribe({ room: 'product' }) : undefined), [hearsNotes])

  // Typists fade out a few seconds after their last keystroke news.
  useEffect(() => {
    const names = Object.keys(typing)
    if (!names.length) return
    const next = Math.min(...Object.values(typing)) - Date.now()
    const timer = setTimeout(
      () => setTyping((now) => Object.fromEntries(Object.entries(now).filter(([, until]) => until > Date.now()))),
      Math.max(next, 50),
    )
    return () => clearTimeout(timer)
  }, [typing])

  return { readers, typing: Object.keys(typing), newReplies, awayTooLong }
}
