-- Whether seed 004's measure "platform settles return-shipping claims" is in force for the
-- merchant (a penalty carrying it that is not revoked), projected from its penalty events so
-- that the store can find the claims waiting on such a merchant (issue 18 point 3). Filled
-- here for merchants penalised before; replay proves the two agree. The same as
-- migrations/sqlite.
ALTER TABLE merchants ADD COLUMN settles_return_shipping BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE merchants SET settles_return_shipping = TRUE
WHERE EXISTS (
    SELECT 1 FROM events p
    WHERE p.merchant_id = merchants.merchant_id AND p.stream = 'merchant:' || merchants.merchant_id
      AND p.kind = 'penalised'
      AND EXISTS (SELECT 1 FROM json_array_elements(p.payload::json -> 'measures') m
                  WHERE m ->> 'measure' = 'platform_settles_return_shipping')
      AND NOT EXISTS (
          SELECT 1 FROM events r
          WHERE r.merchant_id = p.merchant_id AND r.stream = p.stream
            AND r.kind = 'penalty_revoked'
            AND r.payload::json ->> 'id' = p.payload::json ->> 'id'));
