-- Notifications: what members hear about, in the app and by email.

-- An address gets notification mail only once its owner has confirmed it.
alter table users add column email_verified_at timestamptz;
-- When the member's last digest was queued: the next is due a day later.
alter table users add column digest_sent_at timestamptz;

-- One row per person told of one event (the unique key: one event never
-- gives the same person two notifications). `topic` is the email setting it
-- falls under; `email` how it goes by mail, decided when written.
create table notifications (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  event_id bigint not null,
  kind text not null,
  topic text not null,
  thread_id bigint references threads (id) on delete cascade,
  post_id bigint references posts (id) on delete cascade,
  actor_id bigint references users (id) on delete set null,
  detail jsonb not null default '{}',
  email text not null check (email in ('immediately', 'digest', 'never')),
  -- Queued for mail, alone or in a digest (or dropped as no longer visible).
  emailed_at timestamptz,
  read_at timestamptz,
  created_at timestamptz not null default now(),
  unique (user_id, event_id)
);
create index notifications_by_user on notifications (user_id, id desc);
create index notifications_unread on notifications (user_id) where read_at is null;
create index notifications_for_digest on notifications (user_id, id) where email = 'digest' and emailed_at is null;
-- A watched thread's replies collapse into the one unread notification of them.
create index notifications_unread_replies on notifications (user_id, thread_id) where read_at is null and topic = 'replies';

-- Watching a thread notifies of every reply; muting it silences it entirely.
create table thread_watches (
  user_id bigint not null references users (id) on delete cascade,
  thread_id bigint not null references threads (id) on delete cascade,
  level text not null check (level in ('watching', 'muted')),
  created_at timestamptz not null default now(),
  primary key (user_id, thread_id)
);
create index thread_watches_by_thread on thread_watches (thread_id, level);

-- Watching a category notifies of each new thread in it; muting it silences its threads.
create table category_watches (
  user_id bigint not null references users (id) on delete cascade,
  category_id bigint not null references categories (id) on delete cascade,
  level text not null check (level in ('watching', 'muted')),
  created_at timestamptz not null default now(),
  primary key (user_id, category_id)
);
create index category_watches_by_category on category_watches (category_id, level);

-- A member's email choice per topic; a missing row means the topic's default.
create table notification_settings (
  user_id bigint not null references users (id) on delete cascade,
  topic text not null,
  delivery text not null check (delivery in ('immediately', 'digest', 'never')),
  primary key (user_id, topic)
);

-- Single-use links sent by email (confirming an address). The link carries
-- the row's id and a signature; the row says whether it is still good.
create table email_tokens (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  email text not null,
  purpose text not null check (purpose in ('verify_email')),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index email_tokens_by_user on email_tokens (user_id);

-- Mail waiting to go or gone. Its text is composed when it is sent, after
-- checking again that the reader may still see what it is about; an
-- outbox event (mail:queued) hands it to the mail consumer.
create table mails (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('notification', 'digest', 'verify_email', 'email_changed')),
  user_id bigint not null references users (id) on delete cascade,
  -- Account mail names its address (a new one being confirmed, the old one
  -- told of the change); notification mail goes to the confirmed address.
  to_address text,
  notification_ids bigint[] not null default '{}',
  email_token_id bigint references email_tokens (id) on delete set null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  -- Why it was not sent (no confirmed address, nothing left the reader may see).
  dropped_reason text
);

-- Keys the forum signs links with (unsubscribe, address confirmation),
-- made once per database so every process signs alike.
create table forum_keys (
  name text primary key,
  value text not null
);
insert into forum_keys (name, value)
values ('links', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
