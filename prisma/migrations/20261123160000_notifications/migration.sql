-- Issue 4's customer notifications: per-shop settings, a per-member unsubscribe, and the outbox every mail goes
-- through (web/src/notifications).

-- The points engine records tier changes in the ledger (delta 0); the notification scanner announces upgrades.
-- Also added by 20261123180000_order_tier_snapshot, whichever runs first: IF NOT EXISTS makes both safe. The value
-- cannot be used in this transaction, so the scanner's index that names it is the next migration.
ALTER TYPE "ledger_reason" ADD VALUE IF NOT EXISTS 'tier_changed';

CREATE TYPE "notification_kind" AS ENUM ('points_earned', 'reward_redeemed', 'tier_reached', 'surprise_gift');
CREATE TYPE "notification_status" AS ENUM ('pending', 'sent', 'skipped', 'failed');

-- A shop without a row has the defaults: sender name = the shop's name, no reply-to, every kind on.
CREATE TABLE "notification_settings" (
    "shop_id" INTEGER NOT NULL,
    "sender_name" TEXT,
    "reply_to" TEXT,
    "points_earned" BOOLEAN NOT NULL DEFAULT true,
    "reward_redeemed" BOOLEAN NOT NULL DEFAULT true,
    "tier_reached" BOOLEAN NOT NULL DEFAULT true,
    "surprise_gift" BOOLEAN NOT NULL DEFAULT true,
    "notify_since" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_settings_pkey" PRIMARY KEY ("shop_id"),
    CONSTRAINT "notification_settings_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Shops that exist now must not mail their customers about the last days' orders the moment this is deployed: the
-- scanner only announces what happens from now on for them. Shops created later have no bound but their age.
INSERT INTO "notification_settings" ("shop_id", "notify_since", "updated_at")
SELECT "id", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM "shops";

-- One click in any mail turns off every kind for that customer (what the law and RFC 8058 expect).
ALTER TABLE "members" ADD COLUMN "unsubscribed_at" TIMESTAMP(3);

-- The outbox and log: one row per mail a customer is due, created idempotently (unique key per shop) by the scanner
-- or by queueNotification, then sent, skipped or given up by the sender. `next_attempt_at` is also the claim: a
-- sender that takes a row moves it into the future, so no other sender takes it meanwhile.
CREATE TABLE "notifications" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "kind" "notification_kind" NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "status" "notification_status" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "error" TEXT,
    "subject" TEXT,
    "sent_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notifications_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "notifications_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- The scanner's anti-joins and the idempotent insert.
CREATE UNIQUE INDEX "notifications_shop_id_idempotency_key_key" ON "notifications"("shop_id", "idempotency_key");
-- A member's erasure (customers/redact) deletes their rows through the foreign key.
CREATE INDEX "notifications_member_id_idx" ON "notifications"("member_id");
-- The sender's claim: the due rows only, oldest first.
CREATE INDEX "notifications_due_idx" ON "notifications"("next_attempt_at") WHERE "status" = 'pending';
