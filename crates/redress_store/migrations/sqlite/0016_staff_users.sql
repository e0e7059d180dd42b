-- Staff accounts (issue 19 point 4): named people of a merchant (owner, clerk, read_only) or
-- of the platform (arbitrator, operator) who sign in to the console with a password. Only an
-- argon2id hash of the password is kept (PHC string format). Each acts through an API key of
-- its own (key_id; the key's secret was never shown to anyone), so a session is a session on
-- that key and removing the person revokes the key, which signs every browser out at its next
-- click. A removed person keeps their row (removed_us), so the history can still name them.
-- Platform-wide, like api_keys.
CREATE TABLE staff_users (
    staff_id     TEXT    PRIMARY KEY,            -- also the key_id of the key it acts through
    merchant_id  TEXT,                           -- NULL for the platform's staff
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL,               -- owner, clerk, read_only, arbitrator, operator
    password_phc TEXT    NOT NULL,
    created_us   INTEGER  NOT NULL,
    removed_us   INTEGER
);
-- One active person per name within a merchant (or the platform): the sign-in names them so.
CREATE UNIQUE INDEX staff_users_by_name ON staff_users (COALESCE(merchant_id, ''), name)
    WHERE removed_us IS NULL;
