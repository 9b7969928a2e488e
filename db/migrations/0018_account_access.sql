-- Account access: password reset links, and sessions a member can see and end.

-- A member telling their sessions apart needs to know when each started, when
-- it was last used and from which browser. Sessions started before this
-- migration have no browser on record, and their start is unknown: now stands in.
alter table sessions
  add column created_at timestamptz not null default now(),
  add column last_used_at timestamptz not null default now(),
  add column user_agent text not null default '';

-- Reset links are single-use links like address confirmations, and their mail an account mail.
alter table email_tokens drop constraint email_tokens_purpose_check;
alter table email_tokens add constraint email_tokens_purpose_check check (purpose in ('verify_email', 'reset_password'));

alter table mails drop constraint mails_kind_check;
alter table mails add constraint mails_kind_check
  check (kind in ('notification', 'digest', 'verify_email', 'email_changed', 'reset_password'));
