-- Why a campaign run or a recipient failed, as a code the admin words in the merchant's language
-- (web/src/campaigns/rules/failure.ts) with its parameters (the variant, Shopify's own messages, the attempts made);
-- `error` keeps the English detail for operators and logs. Rows written before have no code: the admin shows a
-- generic message with their detail.
ALTER TABLE "campaign_runs" ADD COLUMN "error_code" TEXT;
ALTER TABLE "campaign_runs" ADD COLUMN "error_params" JSONB;
ALTER TABLE "campaign_recipients" ADD COLUMN "error_code" TEXT;
ALTER TABLE "campaign_recipients" ADD COLUMN "error_params" JSONB;
