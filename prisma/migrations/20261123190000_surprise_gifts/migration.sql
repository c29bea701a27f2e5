-- Issue 4's surprise gifts (web/src/campaigns): campaigns, their runs (one per campaign and period), and the members
-- each run chose, with what was delivered to each.

-- Bonus points are booked with their own reason. The value cannot be used in this transaction; nothing here does.
ALTER TYPE "ledger_reason" ADD VALUE IF NOT EXISTS 'surprise_gift';

CREATE TYPE "campaign_schedule" AS ENUM ('once', 'weekly', 'monthly');
CREATE TYPE "campaign_gift_kind" AS ENUM ('bonus_points', 'reward_code', 'free_product');
CREATE TYPE "campaign_run_trigger" AS ENUM ('schedule', 'manual');
CREATE TYPE "campaign_run_status" AS ENUM ('pending', 'delivering', 'completed', 'completed_with_errors', 'failed');
CREATE TYPE "campaign_recipient_status" AS ENUM ('pending', 'delivered', 'failed');

-- Deleting a campaign sets deleted_at only: its runs stay for "not gifted within N days". gift_reward_id has no
-- foreign key: rewards are never deleted (only set inactive), and a shop's erasure cascades to both.
CREATE TABLE "campaigns" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "audience" JSONB NOT NULL,
    "recipient_count" INTEGER,
    "recipient_share" DECIMAL(5,4),
    "schedule" "campaign_schedule" NOT NULL,
    "run_at" TIMESTAMP(3),
    "weekday" INTEGER,
    "month_day" INTEGER,
    "time_of_day" TEXT,
    "gift_kind" "campaign_gift_kind" NOT NULL,
    "gift_points" INTEGER,
    "gift_reward_id" INTEGER,
    "gift_product_variant_id" TEXT,
    "deleted_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "campaigns_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    -- Exactly one way of counting recipients.
    CONSTRAINT "campaigns_recipients_check" CHECK (("recipient_count" IS NULL) <> ("recipient_share" IS NULL))
);

CREATE INDEX "campaigns_shop_id_id_idx" ON "campaigns"("shop_id", "id");

-- (campaign_id, period_key) is the run's identity: a repeated job of the same period finds the same run.
CREATE TABLE "campaign_runs" (
    "id" SERIAL NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "period_key" TEXT NOT NULL,
    "trigger" "campaign_run_trigger" NOT NULL,
    "scheduled_for" TIMESTAMP(3),
    "status" "campaign_run_status" NOT NULL DEFAULT 'pending',
    "dry_run" BOOLEAN NOT NULL DEFAULT false,
    "seed" INTEGER NOT NULL,
    "gift" JSONB NOT NULL,
    "audience_size" INTEGER,
    "recipient_count" INTEGER NOT NULL DEFAULT 0,
    "delivered_count" INTEGER NOT NULL DEFAULT 0,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "campaign_runs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "campaign_runs_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "campaign_runs_campaign_id_period_key_key" ON "campaign_runs"("campaign_id", "period_key");
CREATE INDEX "campaign_runs_shop_id_id_idx" ON "campaign_runs"("shop_id", "id");

-- A member's erasure (customers/redact) deletes their rows through the foreign key.
CREATE TABLE "campaign_recipients" (
    "id" SERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "status" "campaign_recipient_status" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_until" TIMESTAMP(3),
    "ledger_key" TEXT,
    "points" INTEGER,
    "code" TEXT,
    "discount_id" TEXT,
    "draft_order_id" TEXT,
    "order_id" TEXT,
    "error" TEXT,
    "delivered_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "campaign_recipients_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "campaign_recipients_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "campaign_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "campaign_recipients_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "campaign_recipients_run_id_member_id_key" ON "campaign_recipients"("run_id", "member_id");
-- A run's pending recipients (resuming a run).
CREATE INDEX "campaign_recipients_run_id_status_idx" ON "campaign_recipients"("run_id", "status");
-- A member's last gift (the audience's "not gifted within N days").
CREATE INDEX "campaign_recipients_member_id_created_at_idx" ON "campaign_recipients"("member_id", "created_at");
