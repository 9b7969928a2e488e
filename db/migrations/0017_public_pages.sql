-- Public pages: versions for visitors' revalidation, and the reads behind feeds.

-- Page versions: what a visitor's browser revalidates against. A page's
-- version is the newest committed event that could change it, read from the
-- outbox on these indexes (see db/queries/page-versions.ts).

-- Events naming a thread: its page changes.
create index outbox_thread_versions on outbox (((payload->>'threadId')::bigint), txid)
  where payload ? 'threadId';

-- Events naming a second thread: the one merged into, the one linked to an idea.
create index outbox_related_thread_versions on outbox ((coalesce(payload->>'intoId', payload->>'linkedThreadId')::bigint), txid)
  where payload ?| array['intoId', 'linkedThreadId'];

-- Events of a kind: forum-wide changes (settings, re-rendered posts) that every page shows.
create index outbox_type_versions on outbox (type, txid);

-- Feeds: a category's newest threads, and ideas in the order they shipped.
create index threads_category_newest on threads (category_id, id desc) where deleted_at is null;
create index threads_status_changed on threads (idea_status, status_changed_at desc nulls last, id desc) where kind = 'idea' and deleted_at is null;
