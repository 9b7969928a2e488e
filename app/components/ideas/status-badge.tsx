import { statusLabels, type IdeaStatus } from '../../domain/ideas/idea.terms'
import { Badge } from '../badge'

const statusTone = {
  new: 'neutral',
  under_review: 'info',
  planned: 'info',
  in_progress: 'warning',
  shipped: 'success',
  declined: 'neutral',
} as const

export function StatusBadge({ status }: { status: IdeaStatus }) {
  return <Badge tone={statusTone[status]}>{statusLabels[status]}</Badge>
}
