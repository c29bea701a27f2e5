-- The customer metafields move from the open `loyale` namespace to the app's reserved one (`$app`), with definitions
-- (web/src/customer-sync/rules/definitions.ts): only Loyale can write them, merchants read them typed and named in
-- the admin, and customer segments can filter on them.

-- The definitions version each shop was given (created once per shop by the sync, before it writes values).
CREATE TABLE "customer_metafield_definitions" (
    "shop_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "defined_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_metafield_definitions_pkey" PRIMARY KEY ("shop_id"),
    CONSTRAINT "customer_metafield_definitions_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Values synced under `loyale` are written again under `$app` (NULL: not written in the current namespace); the tier
-- tags stay as synced. The old `loyale.*` values stay on the customers, no longer updated.
UPDATE "customer_sync"
SET "synced_points" = NULL, "synced_tier_name" = NULL, "synced_points_to_next" = NULL,
    "dirty_since" = COALESCE("dirty_since", now()), "version" = "version" + 1
WHERE "synced_at" IS NOT NULL;
