-- Accounts, categories, threads, posts and the outbox every write appends to.

create table users (
  id bigint generated always as identity primary key,
  username text not null check (username ~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{1,29}$'),
  email text not null check (length(email) between 3 and 254),
  password_hash text not null,
  role text not null default 'member' check (role in ('member', 'product', 'staff', 'admin')),
  created_at timestamptz not null default now()
);
-- One account per name and per address, whatever their case.
create unique index users_username_unique on users (lower(username));
create unique index users_email_unique on users (lower(email));

-- The id column holds the SHA-256 of the token in the visitor's cookie, never
-- the token itself, so a copy of this table opens no session.
create table sessions (
  id text primary key,
  user_id bigint not null references users (id) on delete cascade,
  expires_at timestamptz not null
);
create index sessions_user_id on sessions (user_id);
create index sessions_expires_at on sessions (expires_at);

create table categories (
  id bigint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text not null,
  description text not null default '',
  position integer not null default 0,
  allowed_kinds text[] not null check (
    cardinality(allowed_kinds) > 0 and allowed_kinds <@ array['question', 'discussion', 'idea']
  ),
  default_kind text not null,
  thread_count integer not null default 0,
  post_count integer not null default 0,
  check (default_kind = any (allowed_kinds))
);

create table threads (
  id bigint generated always as identity primary key,
  category_id bigint not null references categories (id),
  author_id bigint not null references users (id),
  kind text not null check (kind in ('question', 'discussion', 'idea')),
  title text not null check (length(title) between 1 and 200),
  slug text not null,
  locked_at timestamptz,
  deleted_at timestamptz,
  -- Post numbers are handed out under this row's lock: the last one given.
  last_post_number integer not null default 0,
  reply_count integer not null default 0,
  last_posted_at timestamptz not null default now(),
  last_poster_id bigint references users (id),
  created_at timestamptz not null default now()
);
create index threads_latest on threads (last_posted_at desc, id desc) where deleted_at is null;
create index threads_category_latest on threads (category_id, last_posted_at desc, id desc) where deleted_at is null;
create index threads_author on threads (author_id, created_at desc);

create table posts (
  id bigint generated always as identity primary key,
  thread_id bigint not null references threads (id),
  post_number integer not null check (post_number > 0),
  author_id bigint not null references users (id),
  markdown text not null,
  html text not null,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  revision integer not null default 1,
  hidden_at timestamptz,
  deleted_at timestamptz,
  unique (thread_id, post_number)
);
create index posts_author on posts (author_id, created_at desc);

-- Every earlier text of an edited post, so edits can be reviewed.
create table post_revisions (
  id bigint generated always as identity primary key,
  post_id bigint not null references posts (id),
  revision integer not null,
  markdown text not null,
  editor_id bigint not null references users (id),
  created_at timestamptz not null default now(),
  unique (post_id, revision)
);

-- What happened, written in the same transaction as the change; live
-- delivery, search indexing and mail read from here.
create table outbox (
  id bigint generated always as identity primary key,
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now()
);

create function outbox_notify() returns trigger language plpgsql as $$
begin
  -- Delivered by PostgreSQL only after commit, to every listening process.
  perform pg_notify('forum_events', json_build_object('id', new.id, 'type', new.type, 'payload', new.payload)::text);
  return new;
end $$;

create trigger outbox_notify after insert on outbox for each row execute function outbox_notify();
