-- Points expiry switched on (or its period shortened) gives every member at least 30 days from that moment: no balance
-- expires before then, and each member's reminder comes 14 days before their date (web/src/points-expiry).
ALTER TABLE "programs" ADD COLUMN "points_expiry_from" TIMESTAMP(3);
UPDATE "programs" SET "points_expiry_from" = now() WHERE "points_expire_after_months" IS NOT NULL;
