import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload } from '../../emulator/payloads.js';
import { enrollMember } from '../loyalty/members/repository.js';
import type { toLedgerEntryJson } from './dto/customers.js';
import { expectInvalidInput, startAdminApiFixture, type AdminApiFixture, type ErrorJson } from './test-fixture.js';

type AdjustmentJson = { entry: ReturnType<typeof toLedgerEntryJson>; points: number };

let f: AdminApiFixture;
const CUSTOMER = { id: 5001, email: 'lena@example.de', firstName: 'Lena', lastName: 'Vogel' };

beforeAll(async () => {
  f = await startAdminApiFixture();
  // A member with 600 points from an order: qualifying points 600, tier Silber.
  await f.deliver(f.shop, 'orders/paid', orderPayload({ id: 7001, subtotal: '600.00', customer: CUSTOMER }));
});

afterAll(async () => {
  await f?.close();
});

const adjust = (body: unknown, userId = '42', customerId = '5001', language?: string) =>
  f.shop.api<AdjustmentJson & ErrorJson>('POST', `/customers/${customerId}/adjustments`, body, { userId, language });

const member = () =>
  f.db.member.findFirstOrThrow({ where: { shopId: f.shop.id, customerId: '5001' }, include: { tier: true } });

describe('POST /api/customers/:customerId/adjustments', () => {
  it('books a manual_adjustment entry with the reason and the staff user, and moves only the balance', async () => {
    const before = await member();
    const res = await adjust({ delta: -150, reason: '  Goodwill correction  ' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      entry: {
        id: expect.stringMatching(/^\d+$/),
        createdAt: expect.any(String),
        delta: -150,
        reason: 'manual_adjustment',
        balanceAfter: 450,
        sourceId: null,
        note: 'Goodwill correction',
        actor: '42',
      },
      points: 450,
    });
    const after = await member();
    expect(after.points).toBe(before.points - 150);
    expect(after.qualifyingPoints).toBe(600);
    expect(after.tier?.name).toBe('Silber');
    const detail = await f.shop.api<{ points: number; tier: { name: string } }>('GET', '/customers/5001');
    expect(detail.body).toMatchObject({ points: 450, qualifyingPoints: 600, tier: { name: 'Silber' } });
    const ledger = await f.shop.api<{ entries: { id: string }[] }>('GET', '/customers/5001/ledger');
    expect(ledger.body.entries[0]?.id).toBe(res.body.entry.id);
  });

  it('answers a retry with the same idempotency key with the first result, booking nothing twice', async () => {
    const body = { delta: 25, reason: 'Birthday', idempotencyKey: 'birthday-2026' };
    const first = await adjust(body);
    expect(first.status).toBe(201);
    const again = await adjust(body, '43');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const concurrent = await Promise.all([adjust(body), adjust(body), adjust(body)]);
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await member()).points).toBe(first.body.points);
    const entries = await f.db.ledgerEntry.count({ where: { shopId: f.shop.id, note: 'Birthday' } });
    expect(entries).toBe(1);
  });

  it('answers a retry with the first result whatever the reason holds: nothing in it is altered when stored', async () => {
    // Padding (trimmed alike both times), lines and tabs (a note may have them), emoji, a combining accent.
    const body = { delta: 3, reason: '  Kulanz\r\n\tfür Café ☕ 👩‍👩‍👧 Cafe\u0301  ', idempotencyKey: ' retry-unicode ' };
    const first = await adjust(body);
    expect(first.status).toBe(201);
    expect(first.body.entry.note).toBe(body.reason.trim());
    const again = await adjust(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // The same adjustment sent with other padding is the same adjustment.
    const padded = await adjust({ ...body, reason: body.reason.trim(), idempotencyKey: 'retry-unicode' });
    expect(padded.status).toBe(200);
    expect(padded.body).toEqual(first.body);
    // Another accent form (composed é) is another text: a different adjustment.
    expect((await adjust({ ...body, reason: body.reason.replace('Cafe\u0301', 'Café') })).status).toBe(409);
  });

  it('refuses a lone surrogate every time, booking nothing, so a retry cannot meet an altered reason', async () => {
    const body = { delta: 4, reason: 'x\ud800y', idempotencyKey: 'retry-lone-surrogate' };
    for (const language of ['en', 'de']) {
      const res = await adjust(body, '42', '5001', language);
      expect(res.status).toBe(422);
      expect(res.body.details?.fieldErrorCodes).toEqual({ reason: { code: 'text_malformed', params: {} } });
    }
    expect((await adjust(body, '42', '5001', 'de')).body.details?.fieldErrors).toEqual({
      reason: 'Enthält beschädigte Zeichen (kein gültiges Unicode); gib den Text noch einmal ein oder füge ihn neu ein',
    });
    expect(await f.db.ledgerEntry.count({ where: { shopId: f.shop.id, idempotencyKey: { endsWith: 'retry-lone-surrogate' } } })).toBe(0);
  });

  it('answers 409 when an idempotency key is reused for another adjustment', async () => {
    await adjust({ delta: 5, reason: 'Once', idempotencyKey: 'reuse-me' });
    const res = await adjust({ delta: 6, reason: 'Once', idempotencyKey: 'reuse-me' });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('This adjustment was already sent with other values; check the balance and the history, then send it again if it is still missing');
    const german = await adjust({ delta: 6, reason: 'Once', idempotencyKey: 'reuse-me' }, '42', '5001', 'de');
    expect(german.body.error).toBe('Diese Anpassung wurde schon mit anderen Werten gesendet; prüfe Punktestand und Verlauf und sende sie noch einmal, falls sie fehlt');
  });

  it('adds up concurrent adjustments exactly', async () => {
    const before = (await member()).points;
    const deltas = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
    const results = await Promise.all(deltas.map((delta) => adjust({ delta, reason: `parallel ${delta}` })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const expected = before + deltas.reduce((a, b) => a + b, 0);
    expect((await member()).points).toBe(expected);
    // Each entry recorded the balance it left: in booking order they form one chain from `before` to the total.
    const booked = results.map((r) => r.body.entry).sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
    let balance = before;
    for (const entry of booked) {
      balance += entry.delta;
      expect(entry.balanceAfter).toBe(balance);
    }
    expect(balance).toBe(expected);
  });

  it.each<[string, unknown, string[]]>([
    ['a delta of 0', { delta: 0, reason: 'x' }, ['delta']],
    ['a fractional delta', { delta: 1.5, reason: 'x' }, ['delta']],
    ['a delta beyond 1,000,000', { delta: -1_000_001, reason: 'x' }, ['delta']],
    ['a delta as a string', { delta: '10', reason: 'x' }, ['delta']],
    ['a missing reason', { delta: 10 }, ['reason']],
    ['a blank reason', { delta: 10, reason: '   ' }, ['reason']],
    ['a reason over 500 characters', { delta: 10, reason: 'x'.repeat(501) }, ['reason']],
    // Postgres refuses NUL in text (a 500 before); a lone surrogate was stored as U+FFFD (a retry then answered 409).
    ['a NUL in the reason', { delta: 10, reason: 'a\u0000b' }, ['reason']],
    ['a control character in the reason', { delta: 10, reason: 'a\u001bb' }, ['reason']],
    ['a lone surrogate in the reason', { delta: 10, reason: 'x\ud800y' }, ['reason']],
    ['a NUL in the idempotency key', { delta: 10, reason: 'x', idempotencyKey: 'a\u0000b' }, ['idempotencyKey']],
    ['a line break in the idempotency key', { delta: 10, reason: 'x', idempotencyKey: 'a\nb' }, ['idempotencyKey']],
    ['a lone surrogate in the idempotency key', { delta: 10, reason: 'x', idempotencyKey: 'k\udc00' }, ['idempotencyKey']],
    ['nothing valid', {}, ['delta', 'reason']],
  ])('answers 422 for %s, in English and German', async (_name, body, fields) => {
    const before = (await member()).points;
    await expectInvalidInput((language) => adjust(body, '42', '5001', language), fields);
    expect((await member()).points).toBe(before);
  });

  const ENGLISH = { error: 'Invalid input', fieldErrors: { delta: 'Must not be 0', reason: 'Enter a reason' } };
  const GERMAN = { error: 'Ungültige Eingabe', fieldErrors: { delta: 'Darf nicht 0 sein', reason: 'Gib einen Grund an' } };
  it.each<[string | undefined, typeof ENGLISH]>([
    [undefined, ENGLISH],
    ['en-US,en;q=0.9', ENGLISH],
    ['de', GERMAN],
    ['de-AT,de;q=0.9,en;q=0.5', GERMAN],
    ['en;q=0.3,de', GERMAN],
    ['fr-FR,fr;q=0.9', ENGLISH],
  ])('words a 422 in the language of Accept-Language %s, with language-free codes', async (language, { error, fieldErrors }) => {
    const res = await adjust({ delta: 0, reason: ' ' }, '42', '5001', language);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error,
      details: {
        fieldErrors,
        fieldErrorCodes: { delta: { code: 'not_zero', params: {} }, reason: { code: 'reason_required', params: {} } },
      },
    });
  });

  describe('the balance a member can hold (members.points is an int4)', () => {
    const MAX = 2_147_483_647;
    const MIN = -2_147_483_648;
    const RANGE = { minimum: MIN, maximum: MAX };
    let memberId: number;
    const setPoints = (points: number) => f.db.member.update({ where: { id: memberId }, data: { points } });
    const points = async () => (await f.db.member.findUniqueOrThrow({ where: { id: memberId } })).points;

    beforeAll(async () => {
      memberId = (await enrollMember(f.db, f.shop.id, { customerId: '5002', email: 'max@example.de', firstName: 'Max', lastName: 'Voll' })).id;
    });

    it.each([
      ['above the largest balance', MAX - 500_000 - 1, 1_000_000],
      ['below the lowest balance', MIN + 500_000, -1_000_000],
    ])('refuses an adjustment taking it %s with a 422 on delta, in English and German, booking nothing', async (_name, start, delta) => {
      await setPoints(start);
      await expectInvalidInput((language) => adjust({ delta, reason: 'Too far' }, '42', '5002', language), ['delta']);
      const en = await adjust({ delta, reason: 'Too far' }, '42', '5002', 'en');
      expect(en.body.details).toEqual({
        fieldErrors: { delta: 'The new balance would be outside the range a member can hold (-2,147,483,648 to 2,147,483,647 points)' },
        fieldErrorCodes: { delta: { code: 'balance_out_of_range', params: RANGE } },
      });
      const de = await adjust({ delta, reason: 'Too far' }, '42', '5002', 'de');
      expect(de.body.details?.fieldErrors).toEqual({
        delta: 'Der neue Punktestand läge außerhalb dessen, was ein Mitglied haben kann (-2.147.483.648 bis 2.147.483.647 Punkte)',
      });
      expect(await points()).toBe(start);
      expect(await f.db.ledgerEntry.count({ where: { memberId, note: 'Too far' } })).toBe(0);
    });

    it('books an adjustment up to either bound exactly; a retry of it is its first result, not a refusal', async () => {
      await setPoints(MAX - 1_000_000);
      const up = { delta: 1_000_000, reason: 'To the top', idempotencyKey: 'to-the-top' };
      const first = await adjust(up, '42', '5002');
      expect([first.status, first.body.points]).toEqual([201, MAX]);
      const again = await adjust(up, '42', '5002');
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);

      await setPoints(MIN + 1_000_000);
      const down = await adjust({ delta: -1_000_000, reason: 'To the bottom' }, '42', '5002');
      expect([down.status, down.body.points]).toEqual([201, MIN]);
      await setPoints(0);
    });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await f.shop.api('POST', '/customers/5001/adjustments', '{"delta": 1,');
    expect(res.status).toBe(400);
  });

  it('answers 404 for a customer the app never met, and for another shop’s customer', async () => {
    expect((await adjust({ delta: 10, reason: 'x' }, '42', '999999')).status).toBe(404);
    const other = await f.addShop('other-adjust.myshopify.com');
    const res = await other.api<ErrorJson>('POST', '/customers/5001/adjustments', { delta: 10, reason: 'x' }, { language: 'de' });
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('Kunde nicht gefunden');
    expect(await f.db.member.count({ where: { shopId: other.id } })).toBe(0);
  });
});
