import { describe, expect, it } from 'vitest';
import { validate } from '../../validation/field-errors.js';
import { expectRefusal } from '../../validation/expect-refusal.js';
import { fieldMessages } from '../../validation/messages.js';
import { adjustmentBody } from './adjustment.js';

describe('adjustmentBody', () => {
  it.each<[unknown, object]>([
    [{ delta: 5, reason: 'Goodwill' }, { delta: 5, reason: 'Goodwill' }],
    [{ delta: -1_000_000, reason: '  padded  ' }, { delta: -1_000_000, reason: 'padded' }],
    [{ delta: 1_000_000, reason: 'x'.repeat(500), idempotencyKey: ' k1 ' }, { delta: 1_000_000, reason: 'x'.repeat(500), idempotencyKey: 'k1' }],
    // A reason is written in a multi-line field: its line breaks and tabs stay.
    [{ delta: 5, reason: ' Kulanz\n\tAnna ☕ ' }, { delta: 5, reason: 'Kulanz\n\tAnna ☕' }],
  ])('accepts %j', (input, data) => {
    expect(validate(adjustmentBody, input)).toEqual({ ok: true, data });
  });

  // [input, field, code, English, German]
  it.each<[unknown, string, string, string, string]>([
    [{ delta: 0, reason: 'x' }, 'delta', 'not_zero', 'Must not be 0', 'Darf nicht 0 sein'],
    [{ delta: 1.5, reason: 'x' }, 'delta', 'invalid_type', 'Enter a whole number', 'Gib eine ganze Zahl ein'],
    [{ delta: '5', reason: 'x' }, 'delta', 'invalid_type', 'Enter a number', 'Gib eine Zahl ein'],
    [{ delta: 1_000_001, reason: 'x' }, 'delta', 'too_big', 'Must be at most 1,000,000', 'Darf höchstens 1.000.000 sein'],
    [{ delta: -1_000_001, reason: 'x' }, 'delta', 'too_small', 'Must be at least -1,000,000', 'Muss mindestens -1.000.000 sein'],
    [{ delta: 5 }, 'reason', 'reason_required', 'Enter a reason', 'Gib einen Grund an'],
    [{ delta: 5, reason: ' \n ' }, 'reason', 'reason_required', 'Enter a reason', 'Gib einen Grund an'],
    [{ delta: 5, reason: 'x'.repeat(501) }, 'reason', 'too_big', 'Use at most 500 characters', 'Verwende höchstens 500 Zeichen'],
    [{ delta: 5, reason: 'x', idempotencyKey: '' }, 'idempotencyKey', 'too_small', 'Must not be empty', 'Darf nicht leer sein'],
    [{ delta: 5, reason: 'a\u0000b' }, 'reason', 'text_control_characters', 'Remove the invisible control characters (such as NUL) from this text', 'Entferne die unsichtbaren Steuerzeichen (etwa NUL) aus diesem Text'],
    [{ delta: 5, reason: 'x\ud800y' }, 'reason', 'text_malformed', 'Contains broken characters (not valid Unicode); type or paste the text again', 'Enthält beschädigte Zeichen (kein gültiges Unicode); gib den Text noch einmal ein oder füge ihn neu ein'],
    [{ delta: 5, reason: 'x', idempotencyKey: 'a\u0000b' }, 'idempotencyKey', 'text_single_line', 'Use a single line without tabs or other control characters', 'Verwende eine einzige Zeile ohne Tabulatoren oder andere Steuerzeichen'],
    [{ delta: 5, reason: 'x', idempotencyKey: 'a\nb' }, 'idempotencyKey', 'text_single_line', 'Use a single line without tabs or other control characters', 'Verwende eine einzige Zeile ohne Tabulatoren oder andere Steuerzeichen'],
    [{ delta: 5, reason: 'x', idempotencyKey: 'k\udfff' }, 'idempotencyKey', 'text_malformed', 'Contains broken characters (not valid Unicode); type or paste the text again', 'Enthält beschädigte Zeichen (kein gültiges Unicode); gib den Text noch einmal ein oder füge ihn neu ein'],
  ])('refuses %j at %s (%s)', (input, field, code, english, german) => {
    expectRefusal(adjustmentBody, input, field, code, english, german);
  });

  it('names every bad field at once', () => {
    const result = validate(adjustmentBody, {});
    expect(result.ok ? {} : fieldMessages(result.issues, 'de')).toEqual({ delta: 'Gib eine Zahl ein', reason: 'Gib einen Grund an' });
  });
});
