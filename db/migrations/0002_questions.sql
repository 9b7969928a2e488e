-- Accepted answers, helpful votes, "me too", reputation and badges.

alter table threads
  add column accepted_post_id bigint references posts (id),
  add column solved_at timestamptz,
  add column me_too_count integer not null default 0;

alter table posts add column helpful_count integer not null default 0;

alter table users add column reputation integer not null default 0;

create table helpful_votes (
  post_id bigint not null references posts (id),
  user_id bigint not null references users (id),
  created_at timestamptz not null default now(),
  primary key (post_id, user_id)
);
create index helpful_votes_user on helpful_votes (user_id);

create table me_toos (
  thread_id bigint not null references threads (id),
  user_id bigint not null references users (id),
  created_at timestamptz not null default now(),
  primary key (thread_id, user_id)
);

-- Every point given, so points can be taken back exactly and counted over a
-- period for the leaderboard. users.reputation is their running sum.
create table reputation_events (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id),
  reason text not null check (reason in ('answer_accepted', 'helpful_vote', 'me_too')),
  points integer not null,
  -- What earned it: the vote's or acceptance's post, or the question's thread, and who gave it.
  post_id bigint references posts (id),
  thread_id bigint references threads (id),
  giver_id bigint references users (id),
  created_at timestamptz not null default now()
);
create index reputation_events_user on reputation_events (user_id, created_at);
create index reputation_events_recent on reputation_events (created_at, user_id);
create unique index reputation_events_once on reputation_events (reason, coalesce(post_id, 0), coalesce(thread_id, 0), coalesce(giver_id, 0));

create table user_badges (
  user_id bigint not null references users (id),
  badge text not null,
  awarded_at timestamptz not null default now(),
  primary key (user_id, badge)
);

-- Lists of questions: unsolved first-come for helpers, solved filters.
create index threads_unanswered on threads (created_at, id) where deleted_at is null and kind = 'question' and reply_count = 0;
create index threads_category_unsolved on threads (category_id, me_too_count desc, id desc) where deleted_at is null and kind = 'question' and accepted_post_id is null;
create index posts_helpful on posts (thread_id, helpful_count desc, post_number);
