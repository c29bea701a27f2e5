-- Points expiry (web/src/points-expiry): the balance a member's inactivity let expire is booked with its own reason.
-- Alone in its migration: Postgres lets a new enum value be used only once the transaction that added it committed.
ALTER TYPE "ledger_reason" ADD VALUE IF NOT EXISTS 'points_expired';
