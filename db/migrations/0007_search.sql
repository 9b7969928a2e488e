-- Search with PostgreSQL full-text, the default engine (search/postgres.ts).
-- These tables hold only what every visitor may read, kept by the search
-- outbox consumer; nothing else reads or writes them.

create extension if not exists pg_trgm;

-- One document per public post. The opening post carries the title (weight A)
-- and the question (B); the accepted answer is C, other replies D. Threads are
-- grouped at query time, so a reply never rewrites a long thread's document.
create table search_posts (
  post_id bigint primary key,
  thread_id bigint not null,
  post_number int not null,
  accepted boolean not null default false,
  document tsvector not null,
  -- What a reader sees, as plain text: the snippets come from here.
  body text not null
);
create index search_posts_document on search_posts using gin (document);
create index search_posts_thread on search_posts (thread_id);
-- Opening posts alone, so a title match is found however old the thread.
create index search_posts_opening on search_posts using gin (document) where post_number = 1;

-- The facts search filters and ranks threads by.
create table search_threads (
  thread_id bigint primary key,
  title text not null,
  slug text not null,
  kind text not null,
  category_id bigint not null,
  author_id bigint not null,
  solved boolean not null,
  accepted_post_id bigint,
  idea_status text,
  vote_count int not null,
  reply_count int not null,
  created_at timestamptz not null,
  last_posted_at timestamptz not null
);
create index search_threads_title_trgm on search_threads using gin (title gin_trgm_ops);
create index search_threads_recent on search_threads (last_posted_at desc);

-- Every word ever indexed, for correcting a query's typos to a known word.
create table search_words (word text primary key);
create index search_words_trgm on search_words using gin (word gin_trgm_ops);

-- Every search, for "what people could not find". No address is kept; a
-- member's rows go with their account, and old rows are deleted hourly.
create table search_log (
  id bigint generated always as identity primary key,
  searched_at timestamptz not null default now(),
  query text not null,
  filters jsonb not null default '{}',
  results int not null,
  user_id bigint references users (id) on delete cascade
);
create index search_log_recent on search_log (searched_at);
create index search_log_user on search_log (user_id) where user_id is not null;
