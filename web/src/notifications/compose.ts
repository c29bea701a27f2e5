import type { RenderedMail } from './render.js';

/** A mail as the transport sends it. */
export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface ComposeInput {
  /** The outbox row's id: the Message-ID is derived from it. */
  notificationId: bigint;
  shopDomain: string;
  senderName: string;
  replyTo: string | null;
  to: string;
  /** SMTP_FROM; unset: `loyalty@{shop domain}`. */
  fromAddress: string | undefined;
  unsubscribeUrl: string;
  mail: RenderedMail;
}

/**
 * The envelope of a notification. `List-Unsubscribe` with `List-Unsubscribe-Post` is RFC 8058's one-click
 * unsubscribe (mail clients show their own button; large providers require it of bulk senders). The Message-ID is
 * the outbox row's: should a crash between the server's acceptance and the row's `sent` repeat a send, the copy has
 * the same Message-ID, which mailbox providers merge.
 */
export function composeMail(input: ComposeInput): OutgoingMail {
  const address = input.fromAddress ?? `loyalty@${input.shopDomain}`;
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return {
    from: { name: input.senderName, address },
    to: input.to,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: input.mail.subject,
    text: input.mail.text,
    html: input.mail.html,
    messageId: `<loyale-notification-${input.notificationId}.${input.shopDomain}@${domain}>`,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
