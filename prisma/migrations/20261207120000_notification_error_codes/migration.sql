-- Why a mail failed (or why a pending one's last attempt did), as a code the admin words in the merchant's language
-- (web/src/notifications/mail-failure.ts: recipient refused, login refused, server unreachable, ...); `error` keeps
-- the mail server's answer as the detail. Rows written before have no code: the admin quotes their text as before.
ALTER TABLE "notifications" ADD COLUMN "error_code" TEXT;
