-- Whether a stored offline token came from a request for an expiring one (an install, a refresh, a migration).
-- Rows stored before Loyale asked for expiring tokens are false: their non-expiring tokens are migrated
-- (shopify/offline-token.ts), since Shopify rejects non-expiring tokens of public apps from 1 January 2027. A
-- platform that still answers a request for an expiring token with a non-expiring one is not asked again.
ALTER TABLE "sessions" ADD COLUMN "expiring_requested" BOOLEAN NOT NULL DEFAULT false;
