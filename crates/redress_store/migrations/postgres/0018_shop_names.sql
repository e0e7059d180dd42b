-- A shop's display name (店铺名称), projected from its `shop_named` events so that every
-- console page naming shops reads it with the rows it shows. Shops named by no event (all of
-- them before this release) keep NULL and are shown by their id.
ALTER TABLE merchants ADD COLUMN name TEXT;
