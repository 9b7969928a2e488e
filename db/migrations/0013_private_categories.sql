-- Who reads a category: everyone (visitors too), members (anyone signed in),
-- or staff (staff, admins and product teams).
alter table categories add column readable_by text not null default 'everyone'
  check (readable_by in ('everyone', 'members', 'staff'));

-- Each thread carries its category's readability, so every list filters on
-- the thread row alone. Starting a thread copies it; moving a thread and
-- changing a category's readability keep it in step.
alter table threads add column readable_by text not null default 'everyone'
  check (readable_by in ('everyone', 'members', 'staff'));

-- Search filters on it too (search/postgres.ts).
alter table search_threads add column readable_by text not null default 'everyone';
