-- Optimistic concurrency of the admin editors: each GET gives the version it read, each save names it and is refused
-- (409, nothing written) when someone saved in between, so two merchants editing at once no longer undo each other.
-- programs.settings_version: the program editor (earning rule, tiers, rewards); perks_version: the tier perks
-- editor, also moved on by a program save (which may remove or rename the tiers it shows); campaigns.version: one
-- campaign's editor.
ALTER TABLE "programs"
  ADD COLUMN "settings_version" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "perks_version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "campaigns" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- The client's key of a new-campaign form: a repeated POST (two clicks, a retry after a lost answer) answers the
-- campaign the first one created instead of creating another. NULLs (no key) never collide.
ALTER TABLE "campaigns" ADD COLUMN "idempotency_key" TEXT;
CREATE UNIQUE INDEX "campaigns_shop_id_idempotency_key_key" ON "campaigns"("shop_id", "idempotency_key");
