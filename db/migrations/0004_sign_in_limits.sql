-- Failed sign-ins, counted per account and per address so that neither
-- guessing one account from many addresses nor many accounts from one
-- address gets far; and the addresses each account signed in from, which
-- stay welcome while the account is under attack.

create table sign_in_failures (
  id bigint generated always as identity primary key,
  user_id bigint references users (id) on delete cascade,
  address text not null,
  failed_at timestamptz not null default now()
);
create index sign_in_failures_user on sign_in_failures (user_id, failed_at) where user_id is not null;
create index sign_in_failures_address on sign_in_failures (address, failed_at);

create table sign_in_addresses (
  user_id bigint not null references users (id) on delete cascade,
  address text not null,
  last_at timestamptz not null default now(),
  primary key (user_id, address)
);
