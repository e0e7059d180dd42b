-- Whether seed 004's measure "platform settles return-shipping claims" is in force for the
-- merchant (a penalty carrying it that is not revoked), projected from its penalty events so
-- that the store can find the claims waiting on such a merchant (issue 18 point 3). Filled
-- here for merchants penalised before; replay proves the two agree.
ALTER TABLE merchants ADD COLUMN settles_return_shipping INTEGER NOT NULL DEFAULT 0;
UPDATE merchants SET settles_return_shipping = 1
WHERE EXISTS (
    SELECT 1 FROM events p
    WHERE p.merchant_id = merchants.merchant_id AND p.stream = 'merchant:' || merchants.merchant_id
      AND p.kind = 'penalised'
      AND EXISTS (SELECT 1 FROM json_each(p.payload, '$.measures') m
                  WHERE json_extract(m.value, '$.measure') = 'platform_settles_return_shipping')
      AND NOT EXISTS (
          SELECT 1 FROM events r
          WHERE r.merchant_id = p.merchant_id AND r.stream = p.stream
            AND r.kind = 'penalty_revoked'
            AND json_extract(r.payload, '$.id') = json_extract(p.payload, '$.id')));
