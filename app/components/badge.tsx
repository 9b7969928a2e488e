import type { ReactNode } from 'react'

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'staff' | 'success' | 'warning' | 'info'
  children: ReactNode
}) {
  return <span className={`badge badge--${tone}`}>{children}</span>
}
