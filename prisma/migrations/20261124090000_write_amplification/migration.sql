-- Fewer index writes per credited order (issue 2's end-to-end rate). Measured with pg_waldump over the benchmark:
-- 16 B-tree leaf inserts per order, 9 of them the inbox's, and a GIN pending-list write for every balance change.

-- 1. The inbox. A claim (attempts, claimed_until) changes no indexed column: with room left on the page it is a HOT
-- update, which writes no index at all. Rows are wide (the payload) and a claim copies one, so pages start half full.
-- The sweeper's index on (status, received_at) becomes a partial index of waiting rows: marking a row processed no
-- longer adds an entry to it (that update cannot be HOT either way, status being indexed). Retention finds old rows
-- through the primary key instead (ids grow with received_at; web/src/webhooks/retention.ts).
ALTER TABLE "webhook_events" SET (fillfactor = 50);
DROP INDEX "webhook_events_status_received_at_idx";
CREATE INDEX "webhook_events_waiting_received_at_idx" ON "webhook_events" ("received_at") WHERE "status" = 'received';

-- 2. The customer list's substring search. Its trigram index lived on members, so every balance or tier change (a
-- members update is never HOT: points and tier_id are keyset-indexed) wrote each trigram of the name again. It now
-- lives on a table of its own, which a trigger keeps in step when a member is added or their name or email changes.
CREATE TABLE "member_search" (
    "member_id" INTEGER NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "search_text" TEXT NOT NULL,

    CONSTRAINT "member_search_pkey" PRIMARY KEY ("member_id"),
    CONSTRAINT "member_search_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

INSERT INTO "member_search" ("member_id", "shop_id", "search_text") SELECT "id", "shop_id", "search_text" FROM "members";

CREATE INDEX "member_search_search_text_trgm_idx" ON "member_search" USING gin ("search_text" gin_trgm_ops);
DROP INDEX "members_search_text_trgm_idx";

CREATE FUNCTION "member_search_sync"() RETURNS trigger AS $$
BEGIN
  INSERT INTO member_search (member_id, shop_id, search_text) VALUES (NEW.id, NEW.shop_id, NEW.search_text)
  ON CONFLICT (member_id) DO UPDATE SET shop_id = EXCLUDED.shop_id, search_text = EXCLUDED.search_text;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "members_search_insert" AFTER INSERT ON "members"
  FOR EACH ROW EXECUTE FUNCTION "member_search_sync"();
CREATE TRIGGER "members_search_update" AFTER UPDATE OF "first_name", "last_name", "email" ON "members"
  FOR EACH ROW WHEN (OLD."search_text" IS DISTINCT FROM NEW."search_text") EXECUTE FUNCTION "member_search_sync"();
