/**
 * Initials on a colour picked from the name, so a person looks the same
 * everywhere. Colours and sizes are classes: the CSP allows no inline styles.
 */
export function Avatar({ username, size = 'md' }: { username: string; size?: 'sm' | 'md' | 'lg' }) {
  let hash = 0
  for (const char of username) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  const initials =
    username
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 2)
      .toUpperCase() || '?'
  return (
    <span className={`avatar avatar--${size} avatar--c${hash % 8}`} aria-hidden="true">
      {initials}
    </span>
  )
}
