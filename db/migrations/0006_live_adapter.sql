-- Socket.IO's PostgreSQL adapter sends messages between forum processes with
-- pg_notify; a message over NOTIFY's 8000-byte limit, or with binary data, is
-- stored here and the notification names its row. The adapter deletes rows
-- older than 30 seconds by itself. The definition is the adapter's own.
create table if not exists socket_io_attachments (
  id bigserial unique,
  created_at timestamptz default now(),
  payload bytea
);
