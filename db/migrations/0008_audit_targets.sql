-- What each audit entry acted on, and why, so the log can be filtered by
-- target and a staff action carries its reason.
alter table audit_log add column target_type text;
alter table audit_log add column target_id text;
alter table audit_log add column reason text;
create index audit_log_target on audit_log (target_type, target_id);
create index audit_log_actor on audit_log (actor_id, created_at desc);
create index audit_log_action on audit_log (action, created_at desc);
