-- Points expiry (web/src/points-expiry): points expire after this many months without activity; null (every existing
-- program and the default one) = they never do. The bounds are the editor's (3..36).
ALTER TABLE "programs" ADD COLUMN "points_expire_after_months" INTEGER;
ALTER TABLE "programs" ADD CONSTRAINT "programs_points_expire_after_months_check"
    CHECK ("points_expire_after_months" BETWEEN 3 AND 36);
