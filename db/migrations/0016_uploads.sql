-- Uploads: images and files members attach to posts, known by the SHA-256
-- of their stored bytes, so the same screenshot posted twice is one upload.

create table uploads (
  -- Lower-case hex SHA-256 of the stored (re-encoded) bytes.
  hash text primary key check (hash ~ '^[0-9a-f]{64}$'),
  ext text not null,
  content_type text not null,
  kind text not null check (kind in ('image', 'file')),
  size integer not null check (size >= 0),
  -- Images only: the stored size, so pages reserve their box before they load.
  width integer,
  height integer,
  -- The name it was first uploaded with: a download's file name.
  name text not null,
  uploaded_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- A takedown: the bytes are gone from the store; the row stays, so the same bytes cannot be posted again.
  removed_at timestamptz,
  removed_by bigint references users (id) on delete set null,
  removal_reason text
);
create index uploads_recent on uploads (created_at desc);

-- Each upload a member made (the same bytes twice are two rows): daily quotas count these.
create table upload_log (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  hash text not null references uploads (hash) on delete cascade,
  created_at timestamptz not null default now()
);
create index upload_log_by_user on upload_log (user_id, created_at desc);
create index upload_log_by_hash on upload_log (hash);

-- The default store: the bytes themselves, in the forum's database (every
-- process shares them, and backups hold them). Stored out of line and
-- uncompressed: images are compressed already.
create table upload_bytes (
  hash text primary key,
  bytes bytea not null
);
alter table upload_bytes alter column bytes set storage external;

-- What refers to an upload. Bytes are deleted only when nothing does: a
-- post's text, any earlier revision of it (an edit only adds references),
-- an internal note. Written by triggers, so every writer (posting, editing,
-- seeding, merging) keeps it without thinking of it.
create table upload_references (
  hash text not null,
  source text not null check (source in ('post', 'note')),
  source_id bigint not null,
  primary key (hash, source, source_id)
);
create index upload_references_by_source on upload_references (source, source_id);

create function upload_hashes(markdown text) returns setof text language sql immutable as $$
  select distinct m[1] from regexp_matches(markdown, '/uploads/([0-9a-f]{64})\.[a-z0-9]+', 'g') as m
$$;

-- One trigger function for every table whose `markdown` may show uploads; its argument names the source.
create function record_upload_references() returns trigger language plpgsql as $$
begin
  if position('/uploads/' in new.markdown) > 0 then
    insert into upload_references (hash, source, source_id)
    select h, tg_argv[0], new.id from upload_hashes(new.markdown) h
    on conflict do nothing;
  end if;
  return new;
end;
$$;
create trigger posts_upload_references after insert or update of markdown on posts
  for each row execute function record_upload_references('post');
create trigger idea_notes_upload_references after insert or update of markdown on idea_notes
  for each row execute function record_upload_references('note');
