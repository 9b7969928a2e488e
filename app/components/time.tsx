import { formatDistanceToNowStrict } from 'date-fns'

// One formatter for every timestamp: building it is the costly part, and a
// thread page shows dozens.
const exactFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** "3 hours ago", with the exact time on hover and for machines. */
export function RelativeTime({ date }: { date: Date | string }) {
  const value = typeof date === 'string' ? new Date(date) : date
  return (
    // Server and browser clocks differ by the time the page takes to arrive.
    <time dateTime={value.toISOString()} title={exactFormat.format(value)} suppressHydrationWarning>
      {formatDistanceToNowStrict(value, { addSuffix: true })}
    </time>
  )
}
