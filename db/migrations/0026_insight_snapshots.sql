-- The insights page's figures for each period, computed in the background
-- (an outbox consumer refreshes them after activity) so that reading the
-- page is one statement, whatever the size of the forum. `period_to` says
-- which day's periods they are: a snapshot from an earlier day is never
-- shown. `pending` marks activity the snapshot does not include yet.
create table insight_snapshots (
  days smallint primary key,
  period_to timestamptz not null,
  computed_at timestamptz not null,
  pending boolean not null default false,
  figures jsonb not null
);
