-- Order and refund amounts keep every digit the platform sent (numeric without a scale): points are
-- floor(amount × rate × multiplier) "computed in exact decimals" (CONTRACT.md), and numeric(18,4) rounded an amount
-- with more places half up before the floor (100.99999 earned 101). Dropping the type modifier rewrites nothing.
ALTER TABLE "loyalty_orders" ALTER COLUMN "subtotal" TYPE numeric;
ALTER TABLE "order_refunds" ALTER COLUMN "subtotal" TYPE numeric;
