-- Points expiry: a refund or cancellation that takes back points of an order after they expired gives the expired
-- points back (up to what it takes and what expired): booked with its own reason. Alone in its migration (a new enum
-- value is usable only once the transaction that added it committed).
ALTER TYPE "ledger_reason" ADD VALUE IF NOT EXISTS 'points_expiry_returned';
