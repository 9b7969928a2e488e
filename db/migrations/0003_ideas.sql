-- The innovation board: idea statuses, votes with an optional budget,
-- promotion from support threads, linked evidence, merges, a timeline,
-- internal notes, and community settings edited by admins.

alter table threads
  add column idea_status text check (idea_status in ('new', 'under_review', 'planned', 'in_progress', 'shipped', 'declined')),
  add column vote_count integer not null default 0,
  add column merged_into_id bigint references threads (id),
  add column promoted_from_id bigint references threads (id),
  add column status_changed_at timestamptz;

update threads set idea_status = 'new' where kind = 'idea';
alter table threads add constraint threads_idea_status check ((kind = 'idea') = (idea_status is not null));

create index threads_ideas on threads (idea_status, vote_count desc, id desc) where kind = 'idea' and deleted_at is null;
create index threads_promoted_from on threads (promoted_from_id) where promoted_from_id is not null;

-- Who voted, and when: the evidence. Budget slots are kept apart below.
create table idea_votes (
  idea_id bigint not null references threads (id),
  user_id bigint not null references users (id),
  created_at timestamptz not null default now(),
  primary key (idea_id, user_id)
);
create index idea_votes_user on idea_votes (user_id);
create index idea_votes_recent on idea_votes (created_at, idea_id);

-- A vote holds a slot of the voter's budget while its idea is open; shipping
-- or declining the idea, or taking the vote back, frees it.
create table vote_slots (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id),
  idea_id bigint not null references threads (id),
  taken_at timestamptz not null default now(),
  released_at timestamptz
);
create unique index vote_slots_held on vote_slots (user_id, idea_id) where released_at is null;
create index vote_slots_idea on vote_slots (idea_id) where released_at is null;

-- Support threads that show demand for an idea (its source among them).
create table idea_links (
  idea_id bigint not null references threads (id),
  thread_id bigint not null references threads (id),
  linked_by bigint not null references users (id),
  created_at timestamptz not null default now(),
  primary key (idea_id, thread_id),
  check (idea_id <> thread_id)
);
create index idea_links_thread on idea_links (thread_id);

create table idea_events (
  id bigint generated always as identity primary key,
  idea_id bigint not null references threads (id),
  actor_id bigint not null references users (id),
  type text not null check (type in ('created', 'promoted', 'status', 'merged_into', 'merged_from', 'linked', 'unlinked')),
  from_status text,
  to_status text,
  note text,
  other_thread_id bigint references threads (id),
  created_at timestamptz not null default now()
);
create index idea_events_idea on idea_events (idea_id, created_at);

-- Seen only by product, staff and admins.
create table idea_notes (
  id bigint generated always as identity primary key,
  idea_id bigint not null references threads (id),
  author_id bigint not null references users (id),
  markdown text not null,
  html text not null,
  created_at timestamptz not null default now()
);
create index idea_notes_idea on idea_notes (idea_id, created_at);

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by bigint references users (id)
);

create table audit_log (
  id bigint generated always as identity primary key,
  actor_id bigint references users (id),
  action text not null,
  detail jsonb not null,
  created_at timestamptz not null default now()
);
create index audit_log_recent on audit_log (created_at desc);

