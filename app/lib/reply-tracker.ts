/**
 * Decides what a thread page does with news of a reply, by post number: the
 * same reply heard twice (live and from catch-up, or the reader's own reply
 * after posting it) is ignored; a reply on this page is shown; one beyond
 * it is announced.
 */
export function replyTracker(lastSeen: number) {
  let seen = lastSeen
  return {
    /** The last post number the page knows of: what to say when rejoining. */
    get seen() {
      return seen
    },
    /** The page's data arrived, holding replies up to this number. */
    caughtUp(lastPostNumber: number) {
      seen = Math.max(seen, lastPostNumber)
    },
    arrived(postNumber: number, pageEnd: number): 'ignore' | 'show' | 'announce' {
      if (postNumber <= seen) return 'ignore'
      seen = postNumber
      return postNumber > pageEnd ? 'announce' : 'show'
    },
  }
}
