import { numberOrText } from '../i18n/number-input';
import type { Campaign, CampaignPayload, GiftKind, ScheduleKind } from './types';

/** The campaign editor's state: text fields hold what the merchant typed; the server validates on save. */
export interface CampaignForm {
  name: string;
  active: boolean;
  tierIds: string[];
  /** '' = any tier. */
  minimumTierId: string;
  minimumOrders: string;
  /** `YYYY-MM-DD` or ''. */
  joinedBefore: string;
  memberForDays: string;
  orderedWithinDays: string;
  notGiftedWithinDays: string;
  recipientMode: 'count' | 'share';
  count: string;
  /** Percent of the audience, as the merchant types it (the API takes a fraction). */
  sharePercent: string;
  scheduleKind: ScheduleKind;
  /** `YYYY-MM-DDTHH:MM` on the shop's clock, as a datetime-local field holds it (sent as is: the shop's zone). */
  runAt: string;
  weekday: string;
  monthDay: string;
  /** `HH:MM` in the shop's time zone. */
  time: string;
  giftKind: GiftKind;
  points: string;
  rewardId: string;
  productVariantId: string;
}

/** An instant as a datetime-local value (`YYYY-MM-DDTHH:MM`) on the clock of `timeZone` (the shop's). */
export function wallClockValue(iso: string, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const text = (value: number | null) => (value === null ? '' : String(value));

/** A new campaign: ten members of everyone, every Monday at 09:00, 100 bonus points; on its schedule. */
export function newCampaignForm(timeZone: string, now = new Date()): CampaignForm {
  const tomorrow = wallClockValue(new Date(now.getTime() + 86_400_000).toISOString(), timeZone);
  return {
    name: '',
    active: true,
    tierIds: [],
    minimumTierId: '',
    minimumOrders: '',
    joinedBefore: '',
    memberForDays: '',
    orderedWithinDays: '',
    notGiftedWithinDays: '',
    recipientMode: 'count',
    count: '10',
    sharePercent: '10',
    scheduleKind: 'weekly',
    runAt: `${tomorrow.slice(0, 10)}T09:00`,
    weekday: '1',
    monthDay: '1',
    time: '09:00',
    giftKind: 'bonus_points',
    points: '100',
    rewardId: '',
    productVariantId: '',
  };
}

/** A decimal as the merchant writes it: `12,5` in German. */
const decimalText = (value: number, separator: string) => String(value).replace('.', separator);

export function toForm(campaign: Campaign, timeZone: string, decimalSeparator = '.'): CampaignForm {
  const { audience, recipients, schedule, gift } = campaign;
  const blank = newCampaignForm(timeZone);
  return {
    ...blank,
    name: campaign.name,
    active: campaign.active,
    tierIds: audience.tierIds,
    minimumTierId: audience.minimumTierId ?? '',
    minimumOrders: text(audience.minimumOrders),
    joinedBefore: audience.joinedBefore ?? '',
    memberForDays: text(audience.memberForDays),
    orderedWithinDays: text(audience.orderedWithinDays),
    notGiftedWithinDays: text(audience.notGiftedWithinDays),
    recipientMode: recipients.mode,
    ...(recipients.mode === 'count'
      ? { count: String(recipients.count) }
      : { sharePercent: decimalText(Math.round(recipients.share * 10_000) / 100, decimalSeparator) }),
    scheduleKind: schedule.kind,
    ...(schedule.kind === 'once' && { runAt: wallClockValue(schedule.runAt, timeZone) }),
    ...(schedule.kind === 'weekly' && { weekday: String(schedule.weekday), time: schedule.time }),
    ...(schedule.kind === 'monthly' && { monthDay: String(schedule.day), time: schedule.time }),
    giftKind: gift.kind,
    ...(gift.kind === 'bonus_points' && { points: String(gift.points) }),
    ...(gift.kind === 'reward_code' && { rewardId: gift.rewardId }),
    ...(gift.kind === 'free_product' && { productVariantId: gift.productVariantId }),
  };
}

function share(percent: string, decimalSeparator: string): number | string | null {
  const value = numberOrText(percent, decimalSeparator);
  // Four decimals of a fraction at most: the percent's two.
  return typeof value === 'number' ? Math.round(value * 100) / 10_000 : value;
}

/**
 * The `POST`/`PUT /api/campaigns` body; paths of the server's field errors match the editor's fields. The share is
 * read in the merchant's language (`decimalSeparator`: `,` in German, where `.` groups thousands); the other numbers
 * come from type="number" fields, which hold the browser's own form (`1.5`) in every language.
 */
export function toPayload(form: CampaignForm, decimalSeparator = '.'): CampaignPayload {
  const numberField = (text: string) => numberOrText(text, '.');
  return {
    name: form.name.trim(),
    active: form.active,
    audience: {
      tierIds: form.tierIds,
      minimumTierId: form.minimumTierId || null,
      minimumOrders: numberField(form.minimumOrders),
      joinedBefore: form.joinedBefore || null,
      memberForDays: numberField(form.memberForDays),
      orderedWithinDays: numberField(form.orderedWithinDays),
      notGiftedWithinDays: numberField(form.notGiftedWithinDays),
    },
    recipients: form.recipientMode === 'count' ? { mode: 'count', count: numberField(form.count) } : { mode: 'share', share: share(form.sharePercent, decimalSeparator) },
    schedule:
      form.scheduleKind === 'once'
        ? { kind: 'once', runAt: form.runAt }
        : form.scheduleKind === 'weekly'
          ? { kind: 'weekly', weekday: Number(form.weekday), time: form.time }
          : { kind: 'monthly', day: Number(form.monthDay), time: form.time },
    gift:
      form.giftKind === 'bonus_points'
        ? { kind: 'bonus_points', points: numberField(form.points) }
        : form.giftKind === 'reward_code'
          ? { kind: 'reward_code', rewardId: form.rewardId }
          : { kind: 'free_product', productVariantId: form.productVariantId.trim() },
  };
}

/**
 * When the saved campaign's gift product was deleted from the shop (ISO date) and the form still gives that variant:
 * the editor warns. Null once another product (or another kind of gift) is entered: saving it clears the mark.
 */
export function giftProductMissingAt(saved: Campaign | null, form: CampaignForm): string | null {
  if (!saved?.giftProductMissingAt || saved.gift.kind !== 'free_product') return null;
  const same = form.giftKind === 'free_product' && form.productVariantId.trim() === saved.gift.productVariantId;
  return same ? saved.giftProductMissingAt : null;
}

/** Field paths the editor shows next to an input; other errors go to the banner. */
const FIELD_PATH =
  /^(name|audience\.(tierIds(\.\d+)?|minimumTierId|minimumOrders|joinedBefore|memberForDays|orderedWithinDays|notGiftedWithinDays)|recipients\.(mode|count|share)|schedule\.(kind|runAt|weekday|day|time)|gift\.(kind|points|rewardId|productVariantId))$/;

export function unplacedErrors(fieldErrors: Readonly<Record<string, string>>): string[] {
  return Object.entries(fieldErrors)
    .filter(([path]) => !FIELD_PATH.test(path))
    .map(([path, message]) => `${path}: ${message}`);
}
