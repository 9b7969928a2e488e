/* Ideas' vocabulary (statuses, their labels, board orders) that pages in the browser need, kept free of zod so the browser never downloads it. */

import { closedStatuses, ideaStatuses, type IdeaStatus } from '../../../db/types'

export { closedStatuses, ideaStatuses, type IdeaStatus }

export const statusLabels: Record<IdeaStatus, string> = {
  new: 'New',
  under_review: 'Under review',
  planned: 'Planned',
  in_progress: 'In progress',
  shipped: 'Shipped',
  declined: 'Declined',
}

export const ideaSorts = ['top', 'trending', 'newest', 'customers'] as const
