-- Moderation: flags on posts, why a post was hidden, suspensions.

create table flags (
  id bigint generated always as identity primary key,
  post_id bigint not null references posts (id),
  user_id bigint not null references users (id) on delete cascade,
  reason text not null check (reason in ('spam', 'off_topic', 'abusive', 'other')),
  note text,
  created_at timestamptz not null default now(),
  -- Set when staff decide: 'cleared' (the post stays) or 'upheld' (hidden or deleted).
  resolved_at timestamptz,
  resolution text check (resolution in ('cleared', 'upheld')),
  resolved_by bigint references users (id)
);
-- One open flag per member per post.
create unique index flags_open_once on flags (post_id, user_id) where resolved_at is null;
create index flags_open on flags (post_id, created_at) where resolved_at is null;

-- Why a post is hidden, shown to its author; and whether it was the accepted
-- answer then, so unhiding restores exactly what hiding took.
alter table posts add column hidden_reason text;
alter table posts add column hidden_was_accepted boolean not null default false;

-- A suspended member reads but does not write until this time ('infinity': for good).
alter table users add column suspended_until timestamptz;
alter table users add column suspended_reason text;

-- A member is trusted once staff approve enough of their posts, or from the
-- start when created by staff tools; a newcomer's flags do not hide posts.
alter table users add column trusted_at timestamptz;
update users set trusted_at = created_at;
