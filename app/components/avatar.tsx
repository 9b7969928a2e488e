/**
 * A member's picture, or their initials on a colour picked from the name,
 * so a person looks the same everywhere. Colours and sizes are classes:
 * the CSP allows no inline styles. Decorative: the name is always beside it.
 */
export function Avatar({ username, image, size = 'md' }: { username: string; image?: string | null; size?: 'sm' | 'md' | 'lg' }) {
  if (image) {
    const pixels = { sm: 28, md: 36, lg: 64 }[size]
    return <img className={`avatar avatar--${size} avatar--image`} src={image} alt="" width={pixels} height={pixels} loading="lazy" />
  }
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
