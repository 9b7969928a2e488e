-- Insights read the forum by time: questions asked, posts written, "me too"
-- and links made within a period. These indexes keep each of those a range
-- scan at a hundred thousand threads and a million posts.
create index threads_kind_created on threads (kind, created_at);
create index posts_recent on posts (created_at);
create index me_toos_recent on me_toos (created_at, thread_id);
create index idea_links_recent on idea_links (created_at, idea_id);
