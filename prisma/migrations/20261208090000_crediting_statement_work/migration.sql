-- Less work per credited order in Postgres (issue 2's end-to-end rate), measured with pg_stat_statements over the
-- benchmark: the customer-sync mark ran a PL/pgSQL call and an INSERT per changed member row (about 27 µs a row),
-- and booking an order rewrote its row on a full page, so the update could not be HOT and wrote all three indexes.

-- 1. Customer-sync marks once per statement, from its transition tables: one INSERT for every member a statement
-- added or changed, in ascending member id (the lock order of the points engine), instead of one per row. What counts
-- as a change is unchanged: points, qualifying points or tier. (A trigger with transition tables cannot name
-- columns, so the update trigger fires for every UPDATE of members and finds the changed rows itself.)
DROP TRIGGER "members_customer_sync_insert" ON "members";
DROP TRIGGER "members_customer_sync_update" ON "members";
DROP FUNCTION "customer_sync_mark"();

CREATE FUNCTION "customer_sync_mark_inserted"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "customer_sync" ("member_id", "shop_id", "dirty_since")
  SELECT n."id", n."shop_id", now() FROM "new_members" n ORDER BY n."id"
  ON CONFLICT ("member_id") DO UPDATE SET "version" = "customer_sync"."version" + 1,
    "dirty_since" = COALESCE("customer_sync"."dirty_since", EXCLUDED."dirty_since");
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION "customer_sync_mark_updated"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "customer_sync" ("member_id", "shop_id", "dirty_since")
  SELECT n."id", n."shop_id", now() FROM "new_members" n JOIN "old_members" o ON o."id" = n."id"
  WHERE o."points" IS DISTINCT FROM n."points"
    OR o."qualifying_points" IS DISTINCT FROM n."qualifying_points"
    OR o."tier_id" IS DISTINCT FROM n."tier_id"
  ORDER BY n."id"
  ON CONFLICT ("member_id") DO UPDATE SET "version" = "customer_sync"."version" + 1,
    "dirty_since" = COALESCE("customer_sync"."dirty_since", EXCLUDED."dirty_since");
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "members_customer_sync_insert" AFTER INSERT ON "members"
  REFERENCING NEW TABLE AS "new_members"
  FOR EACH STATEMENT EXECUTE FUNCTION "customer_sync_mark_inserted"();
CREATE TRIGGER "members_customer_sync_update" AFTER UPDATE ON "members"
  REFERENCING OLD TABLE AS "old_members" NEW TABLE AS "new_members"
  FOR EACH STATEMENT EXECUTE FUNCTION "customer_sync_mark_updated"();

-- 2. Orders: booking (multiplier, points earned and taken back) rewrites a new order's row in the transaction that
-- inserted it. With room left on its page that update is HOT and writes no index entry; on a full page it wrote all
-- three. The old version cannot be pruned before the commit, so inserts leave half of each page for the new versions.
ALTER TABLE "loyalty_orders" SET (fillfactor = 50);
