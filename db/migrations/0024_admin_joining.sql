-- Who may join: invitations admins send, accounts waiting for an admin's
-- approval or for their address, and when a member accepted the guidelines.

-- An invitation is a single-use link sent by email, like the links in
-- email_tokens, but to someone who has no account yet. The link carries the
-- row's id and a signature; the row says until when it works and whether it
-- was used or revoked.
create table invitations (
  id bigint generated always as identity primary key,
  email text not null,
  invited_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by bigint references users (id) on delete set null,
  revoked_at timestamptz,
  check (used_at is null or revoked_at is null)
);
create index invitations_open on invitations (created_at desc) where used_at is null and revoked_at is null;

-- An invitation's mail goes to an address with no account behind it.
alter table mails alter column user_id drop not null;
alter table mails add column invitation_id bigint references invitations (id) on delete cascade;
alter table mails drop constraint mails_kind_check;
alter table mails add constraint mails_kind_check
  check (kind in ('notification', 'digest', 'verify_email', 'email_changed', 'reset_password', 'password_changed', 'export_ready',
                  'invitation'));
alter table mails add constraint mails_have_a_reader
  check (user_id is not null or (kind = 'invitation' and invitation_id is not null));

alter table users
  -- Set while an account that joined under "approval" waits for an admin; it reads, and writes nothing.
  add column approval_pending_since timestamptz,
  -- Set on accounts that joined under "listed domains": they post once their address is confirmed.
  add column posts_need_confirmed_address boolean not null default false,
  add column guidelines_accepted_at timestamptz;
create index users_approval_pending on users (approval_pending_since) where approval_pending_since is not null;
