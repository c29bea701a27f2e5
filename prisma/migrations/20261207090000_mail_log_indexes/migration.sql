-- The admin's mail log (web/src/notifications/mail-log-repository.ts): a shop's mails newest first in keyset pages and
-- its counts of the last 30 days read the shop's own rows through (shop_id, created_at, id); without it both read
-- every shop's outbox.
CREATE INDEX "notifications_shop_id_created_at_id_idx" ON "notifications" ("shop_id", "created_at", "id");

-- How many of a shop's customers unsubscribed: a count over this small partial index instead of every member of the
-- shop. Only in SQL (Prisma's schema has no partial indexes).
CREATE INDEX "members_unsubscribed_idx" ON "members" ("shop_id") WHERE "unsubscribed_at" IS NOT NULL;
