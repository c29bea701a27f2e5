-- Why a perk grant failed (or why a pending one waits), as a code the admin words in the merchant's language
-- (web/src/rewards/issue-failure.ts, the codes campaign runs use) with its parameters (the reward, Shopify's own
-- messages, the attempts made); `error` keeps the English detail for operators and logs. Rows written before have no
-- code: the admin shows a generic message with their detail.
ALTER TABLE "perk_grants" ADD COLUMN "error_code" TEXT;
ALTER TABLE "perk_grants" ADD COLUMN "error_params" JSONB;
