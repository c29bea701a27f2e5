import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import { authenticated } from '../auth/locals.js';
import { mailLocaleFor, NOTIFICATION_KINDS, type MailLocale, type NotificationKind } from '../notifications/messages.js';
import { previewNotification } from '../notifications/preview.js';
import { senderNameOf, type NotificationSettings } from '../notifications/settings.js';
import { findNotificationSettings, saveNotificationSettings } from '../notifications/settings-repository.js';
import type { ShopRecord } from '../shops/repository.js';
import { domainCheck } from '../validation/field-errors.js';
import { text } from './dto/common.js';
import { parseBody, parseQuery } from './validation.js';
import type { Assert, Equals, Extends } from './wire/checks.js';
import type * as Wire from './wire/index.js';

// The wire's lists are the server's: a new kind of notification must be added to the wire types too.
type _Kinds = Assert<Equals<NotificationKind, Wire.NotificationKind>>;
type _Locales = Assert<Equals<MailLocale, Wire.MailLocale>>;

/** A text field where empty means "not set": trimmed, and blank becomes null. */
const blankToNull = (value: unknown) => (typeof value === 'string' ? value.trim() || null : value);

/**
 * A From name: it goes into a mail header, so no control characters, quotes or angle brackets (one message for all,
 * checked first); then the text rule every text goes through. Null = the shop's name.
 */
const senderName = z.preprocess(
  blankToNull,
  z
    .string()
    .refine((name) => /^[^\p{Cc}<>"]*$/u.test(name), domainCheck('sender_name_characters'))
    .pipe(text(60))
    .nullable(),
);

const replyTo = z.preprocess(blankToNull, text(254).pipe(z.email()).nullable());

const settingsBody = z.object({
  senderName,
  replyTo,
  kinds: z.object({
    points_earned: z.boolean(),
    reward_redeemed: z.boolean(),
    tier_reached: z.boolean(),
    surprise_gift: z.boolean(),
    points_expiring: z.boolean().optional(),
  }),
});

const previewQuery = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  locale: z.enum(['en', 'de']).optional(),
  /** The name being edited, so the preview follows the field before it is saved; empty: the shop's own name. */
  senderName: senderName.optional(),
});

type _SettingsBody = Assert<Equals<z.output<typeof settingsBody>, Wire.NotificationSettingsBody>>;
type _PreviewQuery = Assert<Extends<Wire.NotificationPreviewQuery, z.input<typeof previewQuery>>>;

function settingsJson(ctx: AppContext, shop: ShopRecord, settings: NotificationSettings): Wire.NotificationSettings {
  return {
    senderName: settings.senderName,
    /** What customers see while senderName is empty. */
    defaultSenderName: senderNameOf({ senderName: null }, shop),
    replyTo: settings.replyTo,
    kinds: settings.kinds,
    /** False without an SMTP server (SMTP_URL): every mail is then recorded as skipped. */
    smtpConfigured: ctx.config.smtpUrl !== undefined,
  };
}

/**
 * Customer notifications: `GET|PUT /api/notifications/settings` (sender name, reply-to, each kind on or off) and
 * `GET /api/notifications/preview?kind=&locale=en|de` → `{subject, html, text}` with sample data.
 */
export function notificationRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/notifications/settings', async (_req, res) => {
    const { shop } = authenticated(res);
    res.json(settingsJson(ctx, shop, await findNotificationSettings(ctx.db, shop.id)));
  });

  router.put('/notifications/settings', async (req, res) => {
    const { shop } = authenticated(res);
    const body = parseBody(req, settingsBody);
    const pointsExpiring = body.kinds.points_expiring ?? (await findNotificationSettings(ctx.db, shop.id)).kinds.points_expiring;
    const saved = await saveNotificationSettings(ctx.db, shop.id, { ...body, kinds: { ...body.kinds, points_expiring: pointsExpiring } });
    res.json(settingsJson(ctx, shop, saved));
  });

  router.get('/notifications/preview', async (req, res) => {
    const { shop } = authenticated(res);
    const query = parseQuery(req, previewQuery);
    const settings = query.senderName === undefined ? await findNotificationSettings(ctx.db, shop.id) : { senderName: query.senderName };
    res.json(
      previewNotification({
        kind: query.kind,
        locale: query.locale ?? mailLocaleFor(shop.primaryLocale),
        senderName: senderNameOf(settings, shop),
        appUrl: ctx.config.appUrl,
        timeZone: shop.timezone,
      }) satisfies Wire.NotificationPreview,
    );
  });

  return router;
}
