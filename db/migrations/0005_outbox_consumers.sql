-- Outbox consumers: named handlers that each see every event once, in order.

-- The transaction that wrote each event. Identity ids are taken before
-- commit, so a later id can commit first; consumers read in (txid, id) order
-- and only events older than every running transaction, so none is skipped.
alter table outbox add column txid xid8 not null default pg_current_xact_id();
create index outbox_consumer_order on outbox (txid, id);

create table outbox_consumers (
  name text primary key,
  -- The last event handled: the consumer reads what comes after it.
  position_txid xid8 not null,
  position_id bigint not null,
  updated_at timestamptz not null default now(),
  -- Consecutive failures on the event after the position, and when to try again.
  failures int not null default 0,
  retry_at timestamptz,
  last_error text,
  -- Set once the failures reach the limit: operators see it and release it.
  stuck_event_id bigint,
  stuck_since timestamptz
);

-- Threads and replies started per category and day, kept by the activity consumer.
create table category_activity (
  category_id bigint not null references categories (id) on delete cascade,
  day date not null,
  threads int not null default 0,
  replies int not null default 0,
  primary key (category_id, day)
);
