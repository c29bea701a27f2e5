-- Earning safeguards (issue 4): points may stay pending for an approval period (a return window) and may be
-- awarded on fulfilment instead of payment. The program holds the settings; each order keeps them as they were when
-- it was first paid (program edits apply to new events only), and members show what is pending.
ALTER TABLE "programs"
  ADD COLUMN "award_on" TEXT NOT NULL DEFAULT 'paid' CHECK ("award_on" IN ('paid', 'fulfilled')),
  ADD COLUMN "approval_days" INTEGER NOT NULL DEFAULT 0 CHECK ("approval_days" BETWEEN 0 AND 365);

ALTER TABLE "loyalty_orders"
  ADD COLUMN "award_on" TEXT CHECK ("award_on" IN ('paid', 'fulfilled')),
  ADD COLUMN "approval_days" INTEGER,
  ADD COLUMN "fulfilled_at" TIMESTAMP(3);

ALTER TABLE "members" ADD COLUMN "pending_points" INTEGER NOT NULL DEFAULT 0;
