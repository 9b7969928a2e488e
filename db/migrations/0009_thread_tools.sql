-- Staff thread tools: pins, closing as a duplicate, and merging one thread's
-- posts into another, whose old addresses keep working through redirects.

alter table threads
  -- 'category': first in its category's list; 'global': also first on the home page.
  add column pinned text check (pinned in ('category', 'global')),
  add column pinned_at timestamptz,
  -- Closed (and locked) as a duplicate of this thread; the page links to it.
  add column duplicate_of_id bigint references threads (id),
  -- Set when a staff merge moved this thread's posts into merged_into_id: the
  -- thread leaves lists and search, and its addresses redirect there.
  add column posts_merged_at timestamptz,
  add constraint threads_pinned_at check ((pinned is null) = (pinned_at is null));

-- Pinned threads are few; the lists read them ahead of the keyset-paged rest.
create index threads_pinned on threads (category_id, pinned_at desc) where pinned is not null;

-- Where a merged thread's posts went: one row per moved post, so /t/<old>/<slug>/<n>
-- lands on the same post under its new number. Rows are rewritten when the
-- target is itself merged later, so a redirect is always one hop.
create table thread_redirects (
  from_thread_id bigint not null references threads (id),
  from_post_number integer not null,
  to_thread_id bigint not null references threads (id),
  to_post_number integer not null,
  primary key (from_thread_id, from_post_number)
);
create index thread_redirects_to on thread_redirects (to_thread_id);
