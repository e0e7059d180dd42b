-- The policy's versions are events of the platform-wide stream 'policy' (empty merchant id)
-- and need no table of their own. An evaluation records the policy version it applied;
-- runs recorded before versioned policies read 0.
ALTER TABLE evaluations ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
