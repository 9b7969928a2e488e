-- Categories as admins run them: a colour for their label, archiving, and
-- the addresses a category answered to before a rename or a merge.

-- Labels show white text on this colour in both themes; the admin form
-- refuses colours where that text would be hard to read.
alter table categories add column color text not null default '#4f46e5' check (color ~ '^#[0-9a-f]{6}$');

-- An archived category is read-only: it stays listed and readable, and
-- takes no new threads or replies (the policy module decides).
alter table categories add column archived_at timestamptz;

-- A former slug of a category, renamed or merged into another: /c/<slug>
-- and its feed answer 301 to where the category is now. A slug names one
-- place at a time, current or former (the admin domain checks both).
create table category_redirects (
  slug text primary key check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  category_id bigint not null references categories (id) on delete cascade,
  created_at timestamptz not null default now()
);
create index category_redirects_category on category_redirects (category_id);
