import type { ReactNode } from 'react'

import type { Readability } from '../../db/types'
import { readabilityBadges } from '../domain/categories/readability'

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'staff' | 'success' | 'warning' | 'info'
  children: ReactNode
}) {
  return <span className={`badge badge--${tone}`}>{children}</span>
}

/** "Members only", "Staff only": what a private category and its threads say of who reads them. */
export function ReadabilityBadge({ readableBy }: { readableBy: Readability }) {
  const label = readabilityBadges[readableBy]
  return label ? <Badge tone="staff">{label}</Badge> : null
}
