-- A worker's claim on an inbox event while it runs it: jobs that carry the same event (a sweep while the event is
-- queued, a stalled job taken over) skip it until the claim ends or expires (a worker that died).
ALTER TABLE "webhook_events" ADD COLUMN "claimed_until" TIMESTAMP(3);
