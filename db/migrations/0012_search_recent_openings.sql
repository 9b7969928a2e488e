-- Opening posts newest first, for the search and similar-title candidates
-- (search/postgres.ts): a word in many titles is found by walking these
-- until the cap, reading only opening posts rather than every post.
create index search_posts_opening_recent on search_posts (post_id desc) where post_number = 1;
