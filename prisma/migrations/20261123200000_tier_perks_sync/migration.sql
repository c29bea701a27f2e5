-- Issue 4's tier perks (a reward granted as a free code on reaching a tier and every month in it) and the sync of
-- members' tier, points and next-tier progress to the platform's customers (tags and metafields).

-- One perk per tier: the reward to grant (null = none). The row is kept when the merchant clears it, so a grant's
-- perk stays the same perk for the month (changing the reward mid-month does not grant a second code).
CREATE TABLE "tier_perks" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "tier_id" INTEGER NOT NULL,
    "reward_id" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tier_perks_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "tier_perks_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "tier_perks_tier_id_fkey" FOREIGN KEY ("tier_id") REFERENCES "tiers"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "tier_perks_reward_id_fkey" FOREIGN KEY ("reward_id") REFERENCES "rewards"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "tier_perks_tier_id_key" ON "tier_perks"("tier_id");
CREATE INDEX "tier_perks_shop_id_idx" ON "tier_perks"("shop_id");

CREATE TYPE "perk_grant_status" AS ENUM ('pending', 'issued', 'failed');

-- One code per perk, member and month (`period_key` YYYY-MM in the shop's timezone): the unique index makes granting
-- idempotent. The code is derived from that key (web/src/perks/rules/code.ts), so a retry asks the platform for the
-- code it may already have created. `claimed_until` is a worker's lease on a pending grant.
CREATE TABLE "perk_grants" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "perk_id" INTEGER,
    "member_id" INTEGER NOT NULL,
    "tier_id" INTEGER,
    "reward_id" INTEGER NOT NULL,
    "period_key" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" "perk_grant_status" NOT NULL DEFAULT 'pending',
    "discount_id" TEXT,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_until" TIMESTAMP(3),
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "perk_grants_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "perk_grants_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "perk_grants_perk_id_fkey" FOREIGN KEY ("perk_id") REFERENCES "tier_perks"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "perk_grants_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "perk_grants_tier_id_fkey" FOREIGN KEY ("tier_id") REFERENCES "tiers"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "perk_grants_reward_id_fkey" FOREIGN KEY ("reward_id") REFERENCES "rewards"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "perk_grants_perk_id_member_id_period_key_key" ON "perk_grants"("perk_id", "member_id", "period_key");
CREATE UNIQUE INDEX "perk_grants_shop_id_code_key" ON "perk_grants"("shop_id", "code");
-- A member's grants (storefront, admin), and their erasure through the foreign key.
CREATE INDEX "perk_grants_member_id_created_at_idx" ON "perk_grants"("member_id", "created_at");
-- The retry of grants a failure or a crash left pending: the pending rows only.
CREATE INDEX "perk_grants_pending_idx" ON "perk_grants"("claimed_until") WHERE "status" = 'pending';

-- The perk job reads the last days' tier changes of a shop: a partial index keeps that a small range scan however
-- large the ledger grows (tier changes are a sliver of it).
CREATE INDEX "ledger_entries_tier_changed_idx" ON "ledger_entries"("shop_id", "created_at") WHERE "reason" = 'tier_changed';

-- What the platform's customer holds of a member (tags and metafields), and whether that is out of date.
-- `dirty_since` is set and `version` bumped by the triggers below whenever points, qualifying points or the tier
-- change; a sync clears `dirty_since` only if `version` is still the one it read, so a change during a sync is
-- never lost. `next_attempt_at` is both the backoff after a failure and a worker's lease on a row it took.
CREATE TABLE "customer_sync" (
    "member_id" INTEGER NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "dirty_since" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "synced_points" INTEGER,
    "synced_tier_tag" TEXT,
    "synced_tier_name" TEXT,
    "synced_points_to_next" INTEGER,
    "synced_at" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,

    CONSTRAINT "customer_sync_pkey" PRIMARY KEY ("member_id"),
    CONSTRAINT "customer_sync_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "customer_sync_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- The drain: a shop's due dirty rows only.
CREATE INDEX "customer_sync_due_idx" ON "customer_sync"("shop_id", "next_attempt_at") WHERE "dirty_since" IS NOT NULL;
-- The resweep after a tier edit walks a shop's rows in member order.
CREATE INDEX "customer_sync_shop_id_member_id_idx" ON "customer_sync"("shop_id", "member_id");

-- A shop's tier names, keys and thresholds feed every member's tag and metafields: an edit asks for a resweep.
CREATE TABLE "customer_sync_shops" (
    "shop_id" INTEGER NOT NULL,
    "tiers_changed_at" TIMESTAMP(3) NOT NULL,
    "resweep_done_at" TIMESTAMP(3),

    CONSTRAINT "customer_sync_shops_pkey" PRIMARY KEY ("shop_id"),
    CONSTRAINT "customer_sync_shops_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Row triggers rather than hooks in the points engine: every writer of members (settles, ledger entries, the program
-- editor's re-tiering, inserts) marks the row, in the same transaction, and a row that did not change is not marked.
CREATE FUNCTION "customer_sync_mark"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "customer_sync" ("member_id", "shop_id", "dirty_since") VALUES (NEW."id", NEW."shop_id", now())
  ON CONFLICT ("member_id") DO UPDATE SET "version" = "customer_sync"."version" + 1,
    "dirty_since" = COALESCE("customer_sync"."dirty_since", EXCLUDED."dirty_since");
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "members_customer_sync_insert" AFTER INSERT ON "members"
  FOR EACH ROW EXECUTE FUNCTION "customer_sync_mark"();
CREATE TRIGGER "members_customer_sync_update" AFTER UPDATE OF "points", "qualifying_points", "tier_id" ON "members"
  FOR EACH ROW WHEN (OLD."points" IS DISTINCT FROM NEW."points"
    OR OLD."qualifying_points" IS DISTINCT FROM NEW."qualifying_points"
    OR OLD."tier_id" IS DISTINCT FROM NEW."tier_id")
  EXECUTE FUNCTION "customer_sync_mark"();

-- Inserts and updates only: a shop's erasure deletes its tiers, and there is nothing left to sync then.
CREATE FUNCTION "customer_sync_tiers_changed"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "customer_sync_shops" ("shop_id", "tiers_changed_at") VALUES (NEW."shop_id", now())
  ON CONFLICT ("shop_id") DO UPDATE SET "tiers_changed_at" = EXCLUDED."tiers_changed_at";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "tiers_customer_sync" AFTER INSERT OR UPDATE OF "name", "key", "threshold" ON "tiers"
  FOR EACH ROW EXECUTE FUNCTION "customer_sync_tiers_changed"();

-- Members who exist now have never been synced.
INSERT INTO "customer_sync" ("member_id", "shop_id", "dirty_since") SELECT "id", "shop_id", now() FROM "members";
