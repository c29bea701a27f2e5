-- Issue 3's admin API: the dashboard's liability figure and a customer list that stays fast with a million members.

-- What one point is worth in the shop's currency (the dashboard's outstanding-points liability).
ALTER TABLE "programs" ADD COLUMN "point_value" DECIMAL(12,6) NOT NULL DEFAULT 0.01;

-- The customer list searches name and email by substring (a trigram index) and sorts by name. Both keys are stored
-- generated columns, so the indexes and the queries name one column instead of repeating an expression that has to
-- match to the letter. `name_key` falls back to the email for customers without a name (the list shows the email
-- then), so every member has a non-null sort key and keyset pagination needs no NULL cases.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE "members"
  ADD COLUMN "search_text" TEXT NOT NULL GENERATED ALWAYS AS (
    lower(COALESCE("first_name", '') || ' ' || COALESCE("last_name", '') || ' ' || COALESCE("email", ''))) STORED,
  ADD COLUMN "name_key" TEXT NOT NULL GENERATED ALWAYS AS (
    lower(COALESCE(NULLIF(btrim(COALESCE("first_name", '') || ' ' || COALESCE("last_name", '')), ''), "email", ''))) STORED;

CREATE INDEX "members_search_text_trgm_idx" ON "members" USING gin ("search_text" gin_trgm_ops);

-- Keyset indexes, one per sort, with and without the tier filter; the id breaks ties. A backward scan serves the
-- descending sort. (shop_id, points, id) covers everything the old (shop_id, points) index did.
DROP INDEX "members_shop_id_points_idx";
CREATE INDEX "members_shop_id_points_id_idx" ON "members" ("shop_id", "points", "id");
CREATE INDEX "members_shop_id_name_key_id_idx" ON "members" ("shop_id", "name_key", "id");
CREATE INDEX "members_shop_id_tier_id_points_id_idx" ON "members" ("shop_id", "tier_id", "points", "id");
CREATE INDEX "members_shop_id_tier_id_name_key_id_idx" ON "members" ("shop_id", "tier_id", "name_key", "id");

-- A member always holds a tier: a new member (no qualifying points yet) holds the tier its qualifying points reach,
-- which is the lowest one. Without this, members the app enrolled before their first order would have no tier_id,
-- and the tier filter and the per-tier counts would have to treat NULL as "the lowest tier", which no index serves.
CREATE FUNCTION "members_tier_for"("shop" INTEGER, "qualifying" INTEGER) RETURNS INTEGER AS $$
  SELECT COALESCE(
    (SELECT t.id FROM tiers t WHERE t.shop_id = "shop" AND t.threshold <= "qualifying" ORDER BY t.threshold DESC LIMIT 1),
    (SELECT t.id FROM tiers t WHERE t.shop_id = "shop" ORDER BY t.threshold LIMIT 1));
$$ LANGUAGE sql STABLE;

CREATE FUNCTION "members_default_tier"() RETURNS trigger AS $$
BEGIN
  NEW.tier_id := members_tier_for(NEW.shop_id, NEW.qualifying_points);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "members_default_tier" BEFORE INSERT ON "members"
  FOR EACH ROW WHEN (NEW.tier_id IS NULL) EXECUTE FUNCTION "members_default_tier"();

UPDATE "members" SET "tier_id" = members_tier_for("shop_id", "qualifying_points") WHERE "tier_id" IS NULL;
