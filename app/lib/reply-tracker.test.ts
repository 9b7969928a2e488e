import { describe, expect, it } from 'vitest'

import { replyTracker } from './reply-tracker'

describe('what a thread page does with news of a reply', () => {
  it('shows each reply on its page once, though it hears of it twice', () => {
    const tracker = replyTracker(3)
    expect(tracker.arrived(4, 20)).toBe('show')
    expect(tracker.arrived(4, 20)).toBe('ignore')
    // Catch-up after a reconnect repeats what the live stream already said.
    expect([4, 5, 6].map((n) => tracker.arrived(n, 20))).toEqual(['ignore', 'show', 'show'])
    expect(tracker.seen).toBe(6)
  })

  it("ignores the reader's own reply once the page holds it", () => {
    const tracker = replyTracker(7)
    tracker.caughtUp(8)
    expect(tracker.arrived(8, 20)).toBe('ignore')
    expect(tracker.seen).toBe(8)
  })

  it('announces replies beyond the page instead of growing it', () => {
    const tracker = replyTracker(25)
    expect(tracker.arrived(26, 20)).toBe('announce')
    expect(tracker.arrived(21, 40)).toBe('ignore')
  })
})
