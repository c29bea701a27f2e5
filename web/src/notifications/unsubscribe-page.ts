import type { MailLocale } from './messages.js';

/** What the page says: asking to confirm (GET), done (after the POST, or already), or a link that is not valid. */
export type UnsubscribePageState = 'confirm' | 'done' | 'invalid';

const COPY: Record<MailLocale, Record<UnsubscribePageState, { title: string; text: (shop: string) => string }> & { button: string }> = {
  en: {
    confirm: {
      title: 'Unsubscribe from loyalty emails',
      text: (shop) => `You will no longer receive emails about your points, rewards and tier from ${shop}.`,
    },
    done: { title: 'You are unsubscribed', text: (shop) => `You will no longer receive loyalty program emails from ${shop}.` },
    invalid: { title: 'This link is not valid', text: () => 'Use the unsubscribe link of one of our emails, copied in full.' },
    button: 'Unsubscribe',
  },
  de: {
    confirm: {
      title: 'E-Mails des Treueprogramms abbestellen',
      text: (shop) => `Sie erhalten dann keine E-Mails mehr zu Ihren Punkten, Prämien und Ihrer Stufe von ${shop}.`,
    },
    done: { title: 'Sie haben sich abgemeldet', text: (shop) => `Sie erhalten keine E-Mails des Treueprogramms von ${shop} mehr.` },
    invalid: { title: 'Dieser Link ist ungültig', text: () => 'Verwenden Sie den Abmeldelink aus einer unserer E-Mails, vollständig kopiert.' },
    button: 'Abbestellen',
  },
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface UnsubscribePageInput {
  state: UnsubscribePageState;
  locale: MailLocale;
  /** The shop's sender name (confirm and done). */
  shop?: string;
  /** Where the button posts (confirm). */
  action?: string;
}

/** The small public page behind the link of every mail, in the customer's language. */
export function unsubscribePage(input: UnsubscribePageInput): string {
  const copy = COPY[input.locale];
  const { title, text } = copy[input.state];
  const form =
    input.state === 'confirm' && input.action
      ? `<form method="post" action="${escapeHtml(input.action)}"><button type="submit">${escapeHtml(copy.button)}</button></form>`
      : '';
  return `<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{margin:0;padding:48px 16px;background:#f6f6f7;font-family:Helvetica,Arial,sans-serif;color:#202223}
main{max-width:480px;margin:0 auto;background:#fff;border-radius:8px;padding:24px}h1{font-size:22px;margin:0 0 12px}
p{font-size:16px;line-height:1.5}button{font-size:16px;padding:10px 20px;border:0;border-radius:6px;background:#202223;color:#fff;cursor:pointer}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text(input.shop ?? ''))}</p>${form}</main></body></html>`;
}
