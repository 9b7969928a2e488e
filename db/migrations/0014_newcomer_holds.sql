-- Newcomers' first posts wait for staff before they are public.
--
-- A held reply has no number: numbers are handed out under the thread's
-- row lock when a post becomes public, so public numbers have no gaps. A
-- held thread's opening post is number 1 from the start: the whole thread is
-- held with it, and takes no replies until staff approve it.
alter table posts alter column post_number drop not null;
alter table posts add column held_at timestamptz;
alter table posts add constraint posts_numbered_unless_held check (post_number is not null or held_at is not null);
create index posts_held on posts (held_at) where held_at is not null and deleted_at is null;

alter table threads add column held_at timestamptz;

-- Why staff locked a thread, for its lock notice (the audit log keeps it too).
alter table threads add column locked_reason text;
