import { buildArchive } from '../app/domain/account/archive.server'
import { recordActivity } from '../app/domain/activity/activity.server'
import { newBatchMemo, notifyOf } from '../app/domain/notifications/notify.server'
import { refreshInsights } from '../app/domain/pages/insights.server'
import type { MailTransport } from '../mail/port'
import { mailConsumer, type SenderOptions } from '../mail/sender'
import { searchConsumer } from '../search/indexer'
import type { SearchEngine } from '../search/port'
import type { UploadStore } from '../uploads/port'
import type { Consumer } from './consumers'

/** Writes each event's notifications (and queues their mail) in order, once. */
export const notificationsConsumer: Consumer = {
  name: 'notifications',
  startFrom: 'now',
  handle: async (tx, events) => {
    // A batch of replies to one busy thread reads the thread and its followers once.
    const memo = newBatchMemo()
    for (const event of events) await notifyOf(tx, event, memo)
  },
}

/** Builds the archives members ask for, one a transaction: each may gather many uploads. */
export function archiveConsumer(uploads: UploadStore, publicUrl: () => string): Consumer {
  return {
    name: 'account-archives',
    startFrom: 'now',
    batchSize: 1,
    takes: (event) => event.type === 'account:archiveRequested',
    handle: async (tx, events) => {
      for (const event of events)
        if (event.type === 'account:archiveRequested') await buildArchive(tx, uploads, event.archiveId, publicUrl())
    },
  }
}

/**
 * Keeps the insights figures up to date: any event may change one (a reply,
 * a vote, an acceptance, a member leaving), and the refresh itself decides
 * whether it is due. Searches write no event; they show with the next
 * refresh.
 */
export const insightsConsumer: Consumer = {
  name: 'insights',
  startFrom: 'now',
  handle: (tx) => refreshInsights(tx),
}

/** Every outbox consumer the forum runs, in every process. */
export function forumConsumers(engine: SearchEngine, mail: { transport: MailTransport } & SenderOptions, uploads: UploadStore): Consumer[] {
  return [
    // Counts what already happened too, so a new forum's home page is right from the start.
    { name: 'category-activity', startFrom: 'oldest', handle: recordActivity },
    searchConsumer(engine),
    notificationsConsumer,
    mailConsumer(mail.transport, mail),
    archiveConsumer(uploads, mail.publicUrl),
    insightsConsumer,
  ]
}
