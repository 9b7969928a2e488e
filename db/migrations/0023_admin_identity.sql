-- The community's logo (and any image its welcome banner shows) is an upload
-- that no post refers to: settings refer to the uploads their values name,
-- so the daily clean-up of unreferenced uploads keeps them.
alter table upload_references drop constraint upload_references_source_check;
alter table upload_references add constraint upload_references_source_check check (source in ('post', 'note', 'avatar', 'setting'));

create function record_setting_upload_references() returns trigger language plpgsql as $$
begin
  -- The settings table holds a few dozen rows: it is read whole after any change, so a replaced logo is let go.
  delete from upload_references where source = 'setting';
  insert into upload_references (hash, source, source_id)
  select distinct h, 'setting', 0 from settings s cross join lateral upload_hashes(s.value::text) h
  on conflict do nothing;
  return null;
end;
$$;

create trigger settings_upload_references after insert or update or delete on settings
  for each statement execute function record_setting_upload_references();
