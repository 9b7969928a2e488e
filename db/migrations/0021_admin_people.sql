-- People in administration: when each member was last seen, and the indexes
-- its list of people searches and sorts with.

-- Written with the session's own "last used" touch, at most once an hour:
-- precise enough to tell an active member from a dormant one.
alter table users add column last_seen_at timestamptz;

-- Searching names and addresses by any part of them.
create index users_username_trgm on users using gin (lower(username) gin_trgm_ops);
create index users_email_trgm on users using gin (lower(email) gin_trgm_ops);

-- The list's orders, each keyset-paged with the id breaking ties.
create index users_joined on users (created_at desc, id desc);
create index users_last_seen on users ((coalesce(last_seen_at, '-infinity'::timestamptz)) desc, id desc);
create index users_reputation on users (reputation desc, id desc);
create index users_display_name_trgm on users using gin (lower(display_name) gin_trgm_ops);
