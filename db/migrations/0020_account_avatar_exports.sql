-- A member's picture, and the archive of their data built in the background.

-- The avatar is an upload (re-encoded, cropped square): its address, so
-- pages show it without a join.
alter table users add column avatar text check (avatar ~ '^/uploads/[0-9a-f]{64}\.(png|jpg|webp|gif)$');
alter table users drop constraint users_deleted_anonymous;
alter table users add constraint users_deleted_anonymous
  check (deleted_at is null or (email is null and password_hash is null and display_name is null and bio is null and avatar is null));

-- An avatar keeps its upload from the clean-up while it is worn; the one it
-- replaced loses its reference and goes a day later, unless a post shows it.
alter table upload_references drop constraint upload_references_source_check;
alter table upload_references add constraint upload_references_source_check check (source in ('post', 'note', 'avatar'));

create function record_avatar_reference() returns trigger language plpgsql as $$
begin
  delete from upload_references where source = 'avatar' and source_id = new.id;
  if new.avatar is not null then
    insert into upload_references (hash, source, source_id)
    select h, 'avatar', new.id from upload_hashes(new.avatar) h
    on conflict do nothing;
  end if;
  return new;
end;
$$;
create trigger users_avatar_reference after update of avatar on users
  for each row when (old.avatar is distinct from new.avatar) execute function record_avatar_reference();

-- A member's archive (their data as JSON and their uploads), asked for on
-- the export page and built by an outbox consumer: large accounts take a
-- while, and nothing holds a request open for it. Kept a week, then deleted
-- by the housekeeping; it goes with the account.
create table account_exports (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  requested_at timestamptz not null default now(),
  ready_at timestamptz,
  expires_at timestamptz,
  size integer,
  archive bytea
);
alter table account_exports alter column archive set storage external;
create index account_exports_by_user on account_exports (user_id, requested_at desc);

alter table mails add column export_id bigint references account_exports (id) on delete cascade;
alter table mails drop constraint mails_kind_check;
alter table mails add constraint mails_kind_check
  check (kind in ('notification', 'digest', 'verify_email', 'email_changed', 'reset_password', 'password_changed', 'export_ready'));
