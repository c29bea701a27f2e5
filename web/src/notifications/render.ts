import { FOOTER, MESSAGES, POINT_WORDS, type MailLocale, type NotificationData, type NotificationKind } from './messages.js';
import { withNamesIn } from './names.js';

export interface RenderInput {
  locale: MailLocale;
  shopName: string;
  /** Where the customer turns these mails off (a signed link, see unsubscribe.ts). */
  unsubscribeUrl: string;
  data: NotificationData;
  /** The shop's IANA time zone: dates (a code's last day) are the shop's days, not UTC's. @defaultValue 'UTC' */
  timeZone?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A long date in `timeZone`; in UTC when the zone is unknown to Intl (a shop's stored zone is the platform's). */
/**
 * A moment as the shop's clock shows it, date and time: a code ends at the time of day it was issued, so the date
 * alone would promise up to a day more than the code has.
 */
function dateTimeFormat(tag: string, timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short', timeZone });
  } catch {
    return new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  }
}

/** A calendar date of the shop (`YYYY-MM-DD`) written out; read at UTC, so no zone moves it to another day. */
function dayFormat(tag: string): (date: string) => string {
  const format = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' });
  return (date) => format.format(new Date(`${date}T00:00:00Z`));
}

function formatter(locale: MailLocale, timeZone: string) {
  const tag = locale === 'de' ? 'de-DE' : 'en-US';
  const number = new Intl.NumberFormat(tag);
  const dateTime = dateTimeFormat(tag, timeZone);
  const day = dayFormat(tag);
  const plural = new Intl.PluralRules(tag);
  const words = POINT_WORDS[locale];
  return {
    number: (n: number) => number.format(n),
    dateTime: (d: Date) => dateTime.format(d),
    day,
    points: (n: number) => `${number.format(n)} ${plural.select(n) === 'one' ? words.one : words.other}`,
  };
}

function copyFor(input: RenderInput) {
  const template = MESSAGES[input.locale][input.data.kind] as (data: NotificationData, shop: string, f: ReturnType<typeof formatter>) => ReturnType<(typeof MESSAGES)['en'][NotificationKind]>;
  // Tier and reward names in the mail's language where the merchant gave one.
  return template(withNamesIn(input.data, input.locale), input.shopName, formatter(input.locale, input.timeZone ?? 'UTC'));
}

/**
 * One notification mail, text and HTML, in the customer's language. Pure: the same input gives the same mail, so
 * the admin's preview shows exactly what customers get.
 */
export function renderNotification(input: RenderInput): RenderedMail {
  const copy = copyFor(input);
  const footer = FOOTER[input.locale];
  const text = [
    copy.heading,
    '',
    ...copy.lines,
    ...(copy.code ? ['', copy.code] : []),
    '',
    '--',
    footer.why(input.shopName),
    `${footer.unsubscribe}: ${input.unsubscribeUrl}`,
  ].join('\n');
  const html = `<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(copy.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f7;font-family:Helvetica,Arial,sans-serif;color:#202223">
<div style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<p style="margin:0 0 8px;font-size:14px;color:#6d7175">${escapeHtml(input.shopName)}</p>
<h1 style="margin:0 0 16px;font-size:22px">${escapeHtml(copy.heading)}</h1>
${copy.lines.map((line) => `<p style="margin:0 0 12px;font-size:16px;line-height:1.5">${escapeHtml(line)}</p>`).join('\n')}
${copy.code ? `<p style="margin:16px 0;padding:12px;border:2px dashed #202223;text-align:center;font-size:20px;font-weight:bold;letter-spacing:1px">${escapeHtml(copy.code)}</p>` : ''}
</div>
<p style="max-width:480px;margin:16px auto 0;font-size:12px;color:#6d7175">${escapeHtml(footer.why(input.shopName))}
<a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#6d7175">${escapeHtml(footer.unsubscribe)}</a></p>
</body></html>`;
  return { subject: copy.subject, text, html };
}
