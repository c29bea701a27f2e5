-- Tier and reward names in German and English: `name` stays in the program's language (`programs.locale`, the
-- language the default names were written in) and is what the contract's views show; `name_translation` is the name
-- in the other of the two, shown to shoppers who read that language (storefront widget, mails); null: none, they
-- read `name`.
ALTER TABLE "tiers" ADD COLUMN "name_translation" TEXT;
ALTER TABLE "rewards" ADD COLUMN "name_translation" TEXT;

-- Default names never renamed get their translation: a default row (its key) whose name is still the default name in
-- the program's language. A renamed one keeps none (the merchant's own name has no known translation). The names are
-- web/src/program/default-program.ts's (a test compares them). `updated_at` is left alone: a reward's last save
-- decides which product webhooks still apply to it.
WITH defaults ("key", "en", "de") AS (
  VALUES ('bronze', 'Bronze', 'Bronze'), ('silver', 'Silver', 'Silber'), ('gold', 'Gold', 'Gold')
)
UPDATE "tiers" t
SET "name_translation" = CASE WHEN p."locale" = 'de' THEN d."en" ELSE d."de" END
FROM defaults d, "programs" p
WHERE t."key" = d."key" AND p."shop_id" = t."shop_id"
  AND t."name" = CASE WHEN p."locale" = 'de' THEN d."de" ELSE d."en" END;

WITH defaults ("key", "en", "de") AS (
  VALUES ('free_shipping', 'Free shipping', 'Kostenloser Versand'), ('ten_percent_off', '10% off', '10 % Rabatt')
)
UPDATE "rewards" r
SET "name_translation" = CASE WHEN p."locale" = 'de' THEN d."en" ELSE d."de" END
FROM defaults d, "programs" p
WHERE r."key" = d."key" AND p."shop_id" = r."shop_id"
  AND r."name" = CASE WHEN p."locale" = 'de' THEN d."de" ELSE d."en" END;
