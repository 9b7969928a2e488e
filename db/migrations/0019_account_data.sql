-- Account data: a member's profile fields, and deleting an account.

-- Optional, plain text, shown on the profile page.
alter table users add column display_name text check (char_length(display_name) between 1 and 50);
alter table users add column bio text check (char_length(bio) between 1 and 500);

-- A deleted account stays as an anonymous row, so the votes, "me too"s and
-- posts that point at it keep their keys and every count stays right. It
-- keeps nothing that names its owner: no address, password, profile, and a
-- made-up name that no sign-up can take (the join form's names never start
-- with "~").
alter table users add column deleted_at timestamptz;
alter table users alter column email drop not null;
alter table users alter column password_hash drop not null;
alter table users drop constraint users_username_check;
alter table users add constraint users_username_check
  check (username ~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{1,29}$' or (deleted_at is not null and username ~ '^~deleted-[0-9]+$'));
alter table users add constraint users_deleted_anonymous
  check (deleted_at is null or (email is null and password_hash is null and display_name is null and bio is null));
alter table users add constraint users_live_have_credentials
  check (deleted_at is not null or (email is not null and password_hash is not null));
