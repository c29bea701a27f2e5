-- CreateEnum
CREATE TYPE "reward_kind" AS ENUM ('free_shipping', 'percentage_off', 'amount_off', 'free_product');

-- CreateEnum
CREATE TYPE "ledger_reason" AS ENUM ('order_earned', 'order_rerated', 'refund', 'cancellation', 'redemption', 'redemption_reversal', 'manual_adjustment');

-- CreateEnum
CREATE TYPE "redemption_status" AS ENUM ('pending', 'issued', 'failed');

-- CreateEnum
CREATE TYPE "webhook_status" AS ENUM ('received', 'processed', 'failed');

-- CreateTable
CREATE TABLE "shops" (
    "id" SERIAL NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT,
    "currency_code" TEXT NOT NULL DEFAULT 'USD',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "primary_locale" TEXT NOT NULL DEFAULT 'en',
    "installed_at" TIMESTAMP(3),
    "uninstalled_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "shops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT '',
    "is_online" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "access_token" TEXT NOT NULL,
    "refresh_token" TEXT,
    "refresh_token_expires" TIMESTAMP(3),
    "user_id" BIGINT,
    "online_access_info" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "programs" (
    "shop_id" INTEGER NOT NULL,
    "points_per_currency_unit" DECIMAL(12,4) NOT NULL DEFAULT 1,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "names_customized" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "programs_pkey" PRIMARY KEY ("shop_id")
);

-- CreateTable
CREATE TABLE "tiers" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "key" TEXT,
    "name" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "multiplier" DECIMAL(8,4) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tiers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rewards" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "key" TEXT,
    "name" TEXT NOT NULL,
    "kind" "reward_kind" NOT NULL,
    "cost" INTEGER NOT NULL,
    "value" DECIMAL(12,4),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "validity_days" INTEGER NOT NULL DEFAULT 90,
    "minimum_subtotal" DECIMAL(12,2),
    "product_variant_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rewards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "members" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "customer_id" TEXT NOT NULL,
    "email" TEXT,
    "first_name" TEXT,
    "last_name" TEXT,
    "locale" TEXT,
    "points" INTEGER NOT NULL DEFAULT 0,
    "qualifying_points" INTEGER NOT NULL DEFAULT 0,
    "tier_id" INTEGER,
    "tier_recheck_at" TIMESTAMP(3),
    "last_order_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "delta" INTEGER NOT NULL,
    "reason" "ledger_reason" NOT NULL,
    "source_id" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "balance_after" INTEGER NOT NULL,
    "note" TEXT,
    "actor" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "loyalty_orders" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "order_id" TEXT NOT NULL,
    "customer_id" TEXT,
    "name" TEXT,
    "subtotal" DECIMAL(18,2),
    "points_per_currency_unit" DECIMAL(12,4),
    "processed_at" TIMESTAMP(3),
    "paid_at" TIMESTAMP(3),
    "cancelled_at" TIMESTAMP(3),
    "multiplier" DECIMAL(8,4),
    "points_earned" INTEGER NOT NULL DEFAULT 0,
    "points_taken_back" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "loyalty_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_refunds" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "refund_id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "subtotal" DECIMAL(18,2) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "order_refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "redemptions" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "reward_id" INTEGER NOT NULL,
    "cost" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "status" "redemption_status" NOT NULL DEFAULT 'pending',
    "discount_id" TEXT,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "redemptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" BIGSERIAL NOT NULL,
    "shop_domain" TEXT NOT NULL,
    "event_key" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "api_version" TEXT NOT NULL,
    "triggered_at" TIMESTAMP(3),
    "payload" JSONB,
    "status" "webhook_status" NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueued_at" TIMESTAMP(3),
    "processed_at" TIMESTAMP(3),

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_data_exports" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "customer_id" TEXT NOT NULL,
    "request_id" TEXT,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_data_exports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "shops_domain_key" ON "shops"("domain");

-- CreateIndex
CREATE INDEX "sessions_shop_idx" ON "sessions"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "tiers_shop_id_threshold_key" ON "tiers"("shop_id", "threshold");

-- CreateIndex
CREATE INDEX "members_shop_id_points_idx" ON "members"("shop_id", "points");

-- CreateIndex
CREATE INDEX "members_tier_recheck_at_idx" ON "members"("tier_recheck_at");

-- CreateIndex
CREATE UNIQUE INDEX "members_shop_id_customer_id_key" ON "members"("shop_id", "customer_id");

-- CreateIndex
CREATE INDEX "ledger_entries_member_id_created_at_idx" ON "ledger_entries"("member_id", "created_at");

-- CreateIndex
CREATE INDEX "ledger_entries_shop_id_created_at_idx" ON "ledger_entries"("shop_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_shop_id_idempotency_key_key" ON "ledger_entries"("shop_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "loyalty_orders_shop_id_customer_id_idx" ON "loyalty_orders"("shop_id", "customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "loyalty_orders_shop_id_order_id_key" ON "loyalty_orders"("shop_id", "order_id");

-- CreateIndex
CREATE INDEX "order_refunds_shop_id_order_id_idx" ON "order_refunds"("shop_id", "order_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_refunds_shop_id_refund_id_key" ON "order_refunds"("shop_id", "refund_id");

-- CreateIndex
CREATE INDEX "redemptions_member_id_idx" ON "redemptions"("member_id");

-- CreateIndex
CREATE UNIQUE INDEX "redemptions_shop_id_code_key" ON "redemptions"("shop_id", "code");

-- CreateIndex
CREATE INDEX "webhook_events_status_received_at_idx" ON "webhook_events"("status", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_events_shop_domain_event_key_key" ON "webhook_events"("shop_domain", "event_key");

-- CreateIndex
CREATE INDEX "customer_data_exports_shop_id_customer_id_idx" ON "customer_data_exports"("shop_id", "customer_id");

-- AddForeignKey
ALTER TABLE "programs" ADD CONSTRAINT "programs_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tiers" ADD CONSTRAINT "tiers_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "members" ADD CONSTRAINT "members_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "members" ADD CONSTRAINT "members_tier_id_fkey" FOREIGN KEY ("tier_id") REFERENCES "tiers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "loyalty_orders" ADD CONSTRAINT "loyalty_orders_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_reward_id_fkey" FOREIGN KEY ("reward_id") REFERENCES "rewards"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_data_exports" ADD CONSTRAINT "customer_data_exports_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The ledger is append-only: entries are never changed. Rows go only when the customer or the shop is erased
-- (customers/redact, shop/redact), which deletes them.
CREATE FUNCTION "ledger_entries_refuse_update"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ledger_entries_append_only" BEFORE UPDATE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entries_refuse_update"();
