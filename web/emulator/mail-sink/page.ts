import type { RequestHandler } from 'express';
import { escapeHtml } from '../index-page.js';
import type { MailSink, ReceivedMail } from './sink.js';

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#202223}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #e1e3e5}
iframe{width:100%;height:70vh;border:1px solid #e1e3e5}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

const sender = (mail: ReceivedMail) => (mail.fromName ? `${mail.fromName} <${mail.from}>` : mail.from);

/** `GET /mail`: every mail the sink received, newest first (`?to=` filters by recipient). */
export function mailListHandler(sink: MailSink): RequestHandler {
  return (req, res) => {
    const to = typeof req.query.to === 'string' && req.query.to ? req.query.to : undefined;
    const rows = sink.mails(to).map(
      (m) => `<tr><td>${escapeHtml(m.receivedAt.slice(0, 19).replace('T', ' '))}</td><td>${escapeHtml(m.to.join(', '))}</td>`
        + `<td><a href="/mail/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td><td>${escapeHtml(sender(m))}</td></tr>`,
    );
    const table = rows.length === 0
      ? '<p>No mails received yet.</p>'
      : `<table><thead><tr><th>Received (UTC)</th><th>To</th><th>Subject</th><th>From</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
    res.type('html').send(page('Mail sink', `<h1>Mail sink</h1><p><a href="/">Emulator</a> · SMTP: <code>${escapeHtml(sink.url)}</code></p>${table}`));
  };
}

/** `GET /mail/:id`: one mail, its headers and its HTML part in a sandboxed frame; `/mail/:id.json` as JSON. */
export function mailDetailHandler(sink: MailSink): RequestHandler<{ id: string }> {
  return (req, res) => {
    const json = req.params.id.endsWith('.json');
    const mail = sink.find(Number(req.params.id.replace(/\.json$/, '')));
    if (!mail) {
      res.status(404).type('text/plain').send('No such mail');
      return;
    }
    if (json) {
      res.json(mail);
      return;
    }
    const unsubscribe = mail.headers['list-unsubscribe'];
    const body = `<h1>${escapeHtml(mail.subject)}</h1>
<p><a href="/mail">All mails</a></p>
<p>From ${escapeHtml(sender(mail))} to ${escapeHtml(mail.to.join(', '))}${unsubscribe ? ` · List-Unsubscribe: <code>${escapeHtml(unsubscribe)}</code>` : ''}</p>
${mail.html === null ? `<pre>${escapeHtml(mail.text)}</pre>` : `<iframe sandbox="allow-popups allow-top-navigation-by-user-activation" srcdoc="${escapeHtml(mail.html)}" title="Mail"></iframe>`}`;
    res.type('html').send(page(mail.subject, body));
  };
}
