import { useEffect, useRef, useState, type ReactNode } from 'react'

/*
 * The header's menu on phones: a <details> disclosure, so it opens and closes
 * without JavaScript. With it, the menu also closes on Escape (focus back on
 * its button), on a tap or a focus move outside it, and once a link in it is
 * followed (a client-side navigation keeps the header, and so the open menu).
 */
function close(details: HTMLDetailsElement | null, { refocus = false } = {}) {
  if (!details?.open) return
  details.open = false
  if (refocus) details.querySelector('summary')?.focus()
}

export function SiteMenu({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null)
  const [open, setOpen] = useState(false)

  useEffect(() => {
    if (!open) return
    const onPointerDown = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) close(ref.current)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [open])

  return (
    <details
      ref={ref}
      className="site-menu"
      onToggle={(event) => setOpen(event.currentTarget.open)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault()
          close(event.currentTarget, { refocus: true })
        }
      }}
      onBlur={(event) => {
        if (event.relatedTarget && !event.currentTarget.contains(event.relatedTarget as Node)) close(event.currentTarget)
      }}
      onClick={(event) => {
        if ((event.target as Element).closest('a')) close(event.currentTarget)
      }}
    >
      <summary>
        <svg className="site-menu__icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
          <path d="M3 5.5h14M3 10h14M3 14.5h14" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" fill="none" />
        </svg>
        <span className="visually-hidden">{label}</span>
      </summary>
      <div className="site-menu__panel">{children}</div>
    </details>
  )
}
