-- What the points engine booked per refund and per cancellation, so a settle books only differences, and the
-- revision of an order's re-ratings (the idempotency key of each `order_rerated` entry).
ALTER TABLE "loyalty_orders" ADD COLUMN "cancellation_taken_back" INTEGER;
ALTER TABLE "loyalty_orders" ADD COLUMN "rerate_revision" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "order_refunds" ADD COLUMN "points_taken_back" INTEGER;

-- Shop-currency amounts keep up to four decimals (three-decimal currencies such as KWD must not be rounded).
ALTER TABLE "loyalty_orders" ALTER COLUMN "subtotal" SET DATA TYPE DECIMAL(18,4);
ALTER TABLE "order_refunds" ALTER COLUMN "subtotal" SET DATA TYPE DECIMAL(18,4);
