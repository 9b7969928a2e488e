import { format, formatDistanceToNowStrict } from 'date-fns'

/** "3 hours ago", with the exact time on hover and for machines. */
export function RelativeTime({ date }: { date: Date | string }) {
  const value = typeof date === 'string' ? new Date(date) : date
  const exact = format(value, "d MMM yyyy 'at' HH:mm")
  return (
    // Server and browser clocks differ by the time the page takes to arrive.
    <time dateTime={value.toISOString()} title={exact} suppressHydrationWarning>
      {formatDistanceToNowStrict(value, { addSuffix: true })}
    </time>
  )
}
