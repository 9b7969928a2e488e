import { recordActivity } from '../app/domain/activity/activity.server'
import type { Consumer } from './consumers'

/** Every outbox consumer the forum runs, in every process. */
export const consumers: Consumer[] = [
  // Counts what already happened too, so a new forum's home page is right from the start.
  { name: 'category-activity', startFrom: 'oldest', handle: recordActivity },
]
