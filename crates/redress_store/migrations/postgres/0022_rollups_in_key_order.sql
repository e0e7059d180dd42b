-- On SQLite, 0022 stores merchant_days and creator_days in their key's order (WITHOUT ROWID),
-- so that reading a window merchant by merchant no longer looks each row up by its rowid.
-- PostgreSQL's tables are heaps whatever their key, and its planner picks a sequential scan
-- or the key's index for such a read itself: no change here but the tables' descriptions,
-- so that both backends number their migrations alike.
COMMENT ON TABLE merchant_days IS
    'Each merchant''s figures per calendar day (platform time zone), kept in the commit transaction; recounted by redress metrics verify.';
COMMENT ON TABLE creator_days IS
    'Each showcase creator''s figures per calendar day (platform time zone), kept like merchant_days.';
