-- Rate limits shared by every forum process: one counter per rule and
-- subject (an address, a user, an account), counted in a fixed window that
-- starts with the first point. The upsert that adds a point takes the row's
-- lock, so processes counting the same key at once add up, never overwrite.
--
-- Unlogged: a counter is worth nothing after a crash, and skipping the WAL
-- keeps a write per request cheap. Rows whose window has ended mean nothing
-- and are deleted by the hourly housekeeping.

create unlogged table rate_limits (
  key text primary key,
  points integer not null,
  resets_at timestamptz not null
);
create index rate_limits_resets_at on rate_limits (resets_at);

-- Failed sign-ins are now counted in rate_limits (rules sign-in-account and
-- sign-in-address); the addresses an account signed in from stay.
drop table sign_in_failures;
