import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../notifications/messages.js';
import { startAdminApiFixture, type AdminApiFixture, type ErrorJson } from './test-fixture.js';

/** `GET|PUT /api/notifications/settings` and `GET /api/notifications/preview` on the whole app. */
let fx: AdminApiFixture;

beforeAll(async () => {
  fx = await startAdminApiFixture('notification-settings.myshopify.com');
});
afterAll(async () => {
  await fx?.close();
});

interface SettingsJson {
  senderName: string | null;
  defaultSenderName: string;
  replyTo: string | null;
  kinds: Record<string, boolean>;
  smtpConfigured: boolean;
}

const ALL_ON = { points_earned: true, reward_redeemed: true, tier_reached: true, surprise_gift: true, points_expiring: true };

describe('notification settings', () => {
  it('a shop starts with every kind on and its own name as the sender', async () => {
    const res = await fx.shop.api<SettingsJson>('GET', '/notifications/settings');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ senderName: null, defaultSenderName: 'Kaffeerösterei', replyTo: null, kinds: ALL_ON, smtpConfigured: true });
  });

  it('a save without points_expiring (an admin page opened before that kind existed) keeps it as stored', async () => {
    const off = await fx.shop.api<SettingsJson>('PUT', '/notifications/settings', { senderName: null, replyTo: null, kinds: { ...ALL_ON, points_expiring: false } });
    expect(off.body.kinds.points_expiring).toBe(false);
    const { points_expiring: _left, ...older } = ALL_ON;
    const saved = await fx.shop.api<SettingsJson>('PUT', '/notifications/settings', { senderName: null, replyTo: null, kinds: { ...older, tier_reached: false } });
    expect(saved.status).toBe(200);
    expect(saved.body.kinds).toEqual({ ...ALL_ON, tier_reached: false, points_expiring: false });
    await fx.shop.api('PUT', '/notifications/settings', { senderName: null, replyTo: null, kinds: ALL_ON });
  });

  it('saves sender name, reply-to and the switches (trimmed; empty = not set)', async () => {
    const kinds = { ...ALL_ON, points_earned: false, surprise_gift: false };
    const saved = await fx.shop.api<SettingsJson>('PUT', '/notifications/settings', { senderName: '  Röster Club ', replyTo: ' hallo@roester.example ', kinds });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ senderName: 'Röster Club', replyTo: 'hallo@roester.example', kinds });
    expect((await fx.shop.api('GET', '/notifications/settings')).body).toEqual(saved.body);

    const cleared = await fx.shop.api<SettingsJson>('PUT', '/notifications/settings', { senderName: '', replyTo: '', kinds: ALL_ON });
    expect(cleared.body).toMatchObject({ senderName: null, replyTo: null, kinds: ALL_ON });
  });

  it('refuses invalid input with a 422 naming each field, and keeps what was saved', async () => {
    const before = (await fx.shop.api<SettingsJson>('GET', '/notifications/settings')).body;
    const res = await fx.shop.api<ErrorJson>('PUT', '/notifications/settings', {
      senderName: 'x'.repeat(61),
      replyTo: 'not an address',
      kinds: { ...ALL_ON, tier_reached: 'yes' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('Invalid input');
    expect(Object.keys(res.body.details!.fieldErrors).sort()).toEqual(['kinds.tier_reached', 'replyTo', 'senderName']);
    expect(res.body.details!.fieldErrors['senderName']).toBe('Use at most 60 characters');
    expect(res.body.details!.fieldErrors['kinds.tier_reached']).toBe('Must be true or false');

    for (const senderName of ['Röster\nBcc: x@example.com', 'Röster <x@example.com>', 'Der "Röster"']) {
      const header = await fx.shop.api<ErrorJson>('PUT', '/notifications/settings', { senderName, replyTo: null, kinds: ALL_ON });
      expect(header.status).toBe(422);
      expect(header.body.details!.fieldErrors).toEqual({ senderName: 'Use no line breaks, quotation marks (") or angle brackets (< >)' });
      expect(header.body.details!.fieldErrorCodes).toEqual({ senderName: { code: 'sender_name_characters', params: {} } });
    }
    const missing = await fx.shop.api<ErrorJson>('PUT', '/notifications/settings', { senderName: null, replyTo: null });
    expect(Object.keys(missing.body.details!.fieldErrors)).toEqual(['kinds']);
    expect((await fx.shop.api('PUT', '/notifications/settings', '{"senderName":')).status).toBe(400);
    expect((await fx.shop.api('GET', '/notifications/settings')).body).toEqual(before);
  });

  it.each<[string, object, string, string]>([
    ['a NUL in the sender name', { senderName: 'Röster\u0000Club' }, 'senderName', 'sender_name_characters'],
    ['a lone surrogate in the sender name', { senderName: 'Röster \ud83d Club' }, 'senderName', 'text_malformed'],
    ['a NUL in the reply-to address', { replyTo: 'hallo\u0000@roester.example' }, 'replyTo', 'text_single_line'],
    ['a lone surrogate in the reply-to address', { replyTo: 'hallo\udc00@roester.example' }, 'replyTo', 'text_malformed'],
  ])('refuses %s with a 422 on its field, and keeps what was saved', async (_name, change, field, code) => {
    const before = (await fx.shop.api<SettingsJson>('GET', '/notifications/settings')).body;
    const res = await fx.shop.api<ErrorJson>('PUT', '/notifications/settings', { senderName: null, replyTo: null, kinds: ALL_ON, ...change }, { language: 'de' });
    expect(res.status).toBe(422);
    expect(res.body.details!.fieldErrorCodes).toEqual({ [field]: { code, params: {} } });
    expect((await fx.shop.api('GET', '/notifications/settings')).body).toEqual(before);
  });

  it('answers in German for a German admin', async () => {
    const res = await fx.shop.api<ErrorJson>('PUT', '/notifications/settings', { senderName: null, replyTo: null, kinds: { ...ALL_ON, points_earned: 1 } }, { language: 'de' });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('Ungültige Eingabe');
    const header = await fx.shop.api<ErrorJson>('PUT', '/notifications/settings', { senderName: 'Röster <x@example.com>', replyTo: null, kinds: ALL_ON }, { language: 'de' });
    expect(header.body.details!.fieldErrors).toEqual({ senderName: 'Verwende keine Zeilenumbrüche, Anführungszeichen (") oder spitzen Klammern (< >)' });
  });
});

describe('notification preview', () => {
  it.each(NOTIFICATION_KINDS.flatMap((kind) => (['en', 'de'] as const).map((locale) => [kind, locale] as const)))(
    '%s in %s: subject, HTML and text with the sender name',
    async (kind, locale) => {
      const res = await fx.shop.api<{ subject: string; html: string; text: string }>('GET', `/notifications/preview?kind=${kind}&locale=${locale}`);
      expect(res.status).toBe(200);
      expect(res.body.html).toContain(`lang="${locale}"`);
      expect(res.body.html).toContain('Kaffeerösterei');
      expect(res.body.text).toContain('Kaffeerösterei');
      expect(res.body.subject.length).toBeGreaterThan(0);
    },
  );

  it('uses the saved sender name, or the one being edited; German by default for a German shop', async () => {
    await fx.shop.api('PUT', '/notifications/settings', { senderName: 'Röster Club', replyTo: null, kinds: ALL_ON });
    const saved = await fx.shop.api<{ subject: string }>('GET', '/notifications/preview?kind=points_earned');
    expect(saved.body.subject).toBe('Sie haben 120 Punkte bei Röster Club gesammelt');
    const editing = await fx.shop.api<{ subject: string }>('GET', `/notifications/preview?kind=points_earned&locale=en&senderName=${encodeURIComponent('Bean Club')}`);
    expect(editing.body.subject).toBe('You earned 120 points at Bean Club');
    const emptied = await fx.shop.api<{ subject: string }>('GET', '/notifications/preview?kind=tier_reached&locale=en&senderName=');
    expect(emptied.body.subject).toBe('Welcome to Gold at Kaffeerösterei');
  });

  it('refuses an unknown kind or language', async () => {
    const res = await fx.shop.api<ErrorJson>('GET', '/notifications/preview?kind=newsletter&locale=fr');
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.details!.fieldErrors).sort()).toEqual(['kind', 'locale']);
    expect((await fx.shop.api<ErrorJson>('GET', '/notifications/preview')).status).toBe(422);
  });

  it('a shop named with quotation marks and angle brackets: an empty field previews with its name; typed, that name is refused', async () => {
    const SHOP_NAME = 'Müller "Bio" <Laden>';
    const { name: before } = await fx.db.shop.update({ where: { id: fx.shop.id }, data: { name: SHOP_NAME }, select: { name: true } });
    try {
      await fx.shop.api('PUT', '/notifications/settings', { senderName: null, replyTo: null, kinds: ALL_ON });
      expect((await fx.shop.api<SettingsJson>('GET', '/notifications/settings')).body.defaultSenderName).toBe(SHOP_NAME);
      // What the admin sends while the field is empty.
      const preview = await fx.shop.api<{ subject: string; html: string; text: string }>('GET', '/notifications/preview?kind=points_earned&locale=de&senderName=');
      expect(preview.status).toBe(200);
      expect(preview.body.subject).toBe(`Sie haben 120 Punkte bei ${SHOP_NAME} gesammelt`);
      expect(preview.body.text).toContain(SHOP_NAME);
      expect(preview.body.html).toContain('Müller &quot;Bio&quot; &lt;Laden&gt;');
      expect(preview.body.html).not.toContain('<Laden>');
      // The same name typed into the field is a sender name of the merchant's, held to its rule.
      const typed = await fx.shop.api<ErrorJson>('GET', `/notifications/preview?kind=points_earned&senderName=${encodeURIComponent(SHOP_NAME)}`);
      expect([typed.status, Object.keys(typed.body.details!.fieldErrors)]).toEqual([422, ['senderName']]);
    } finally {
      await fx.db.shop.update({ where: { id: fx.shop.id }, data: { name: before } });
    }
  });

  it('refuses a sender name being edited that holds a NUL', async () => {
    const res = await fx.shop.api<ErrorJson>('GET', '/notifications/preview?kind=points_earned&senderName=a%00b');
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.details!.fieldErrors)).toEqual(['senderName']);
  });
});
