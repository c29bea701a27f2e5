import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectRefusal } from '../../validation/expect-refusal.js';
import { validate } from '../../validation/field-errors.js';
import { calendarDate, dateTime, requiredText, text, textRule, type TextKind } from './common.js';

const SINGLE_LINE = ['text_single_line', 'Use a single line without tabs or other control characters', 'Verwende eine einzige Zeile ohne Tabulatoren oder andere Steuerzeichen'] as const;
const CONTROLS = ['text_control_characters', 'Remove the invisible control characters (such as NUL) from this text', 'Entferne die unsichtbaren Steuerzeichen (etwa NUL) aus diesem Text'] as const;
const MALFORMED = ['text_malformed', 'Contains broken characters (not valid Unicode); type or paste the text again', 'Enthält beschädigte Zeichen (kein gültiges Unicode); gib den Text noch einmal ein oder füge ihn neu ein'] as const;
const OUT_OF_RANGE = ['date_out_of_range', 'Choose a date in the years 2000 to 9999', 'Wähle ein Datum in den Jahren 2000 bis 9999'] as const;

describe('the text rule', () => {
  const field = (kind: TextKind) => z.object({ t: text(100, kind) });

  it.each<[TextKind, string, string]>([
    ['line', '  Gold  ', 'Gold'],
    ['line', 'Café ☕ 👩‍👩‍👧 e\u0301 \u00a0ü', 'Café ☕ 👩‍👩‍👧 e\u0301 \u00a0ü'],
    ['lines', ' Kulanz\r\n\tfür\nAnna ', 'Kulanz\r\n\tfür\nAnna'],
    ['stored', 'Ida\tMaria\u0007', 'Ida\tMaria\u0007'],
  ])('takes %s text %j as %j', (kind, input, output) => {
    expect(validate(field(kind), { t: input })).toEqual({ ok: true, data: { t: output } });
  });

  it.each<[TextKind, string, readonly [string, string, string]]>([
    ['line', 'a\u0000b', SINGLE_LINE],
    ['line', '\u0000', SINGLE_LINE],
    ['line', 'a\nb', SINGLE_LINE],
    ['line', 'a\tb', SINGLE_LINE],
    ['line', 'a\u007fb', SINGLE_LINE],
    ['line', 'a\u0085b', SINGLE_LINE],
    ['lines', 'a\u0000b', CONTROLS],
    ['lines', 'a\u001bb', CONTROLS],
    ['stored', 'a\u0000b', CONTROLS],
    ['line', 'x\ud800y', MALFORMED],
    ['lines', 'x\udc00', MALFORMED],
    ['stored', '\ud83d', MALFORMED],
    // Not well-formed comes first: a NUL beside it is named once it is fixed.
    ['line', '\ud800\u0000', MALFORMED],
  ])('refuses %s text %j', (kind, input, [code, english, german]) => {
    expectRefusal(field(kind), { t: input }, 't', code, english, german);
  });

  it('names a required text left blank as such before anything else, then the rule, then the length', () => {
    const schema = z.object({ t: requiredText(3, 'name_required') });
    expectRefusal(schema, { t: ' \t\n ' }, 't', 'name_required', 'Enter a name', 'Gib einen Namen ein');
    expectRefusal(schema, { t: '\u0000\u0000\u0000\u0000' }, 't', ...SINGLE_LINE);
    expectRefusal(schema, { t: 'abcd' }, 't', 'too_big', 'Use at most 3 characters', 'Verwende höchstens 3 Zeichen');
  });

  it('applies to any string schema, keeping its own checks', () => {
    const schema = z.object({ t: textRule(z.string().max(2)) });
    expect(validate(schema, { t: 'ab' }).ok).toBe(true);
    expectRefusal(schema, { t: 'a\u0000' }, 't', ...SINGLE_LINE);
  });
});

describe('the date rule', () => {
  const day = z.object({ d: calendarDate });
  const instant = z.object({ d: dateTime({ offset: true, local: true }) });

  it.each(['2000-01-01', '2026-02-28', '9999-12-31'])('takes the date %s', (d) => {
    expect(validate(day, { d }).ok).toBe(true);
  });

  it.each(['2000-01-01T00:00:00Z', '2026-12-01T09:00', '9999-12-31T23:59:59.999+01:00'])('takes the date-time %s', (d) => {
    expect(validate(instant, { d }).ok).toBe(true);
  });

  it.each<[z.ZodType, string, readonly [string, string, string]]>([
    [day, '0000-01-01', OUT_OF_RANGE],
    [day, '1999-12-31', OUT_OF_RANGE],
    [day, '0100-02-30', OUT_OF_RANGE],
    [day, '2026-02-30', ['not_a_date', 'Enter a date as YYYY-MM-DD', 'Gib ein Datum als JJJJ-MM-TT ein']],
    [day, '12026-01-01', ['not_a_date', 'Enter a date as YYYY-MM-DD', 'Gib ein Datum als JJJJ-MM-TT ein']],
    [day, 'today', ['not_a_date', 'Enter a date as YYYY-MM-DD', 'Gib ein Datum als JJJJ-MM-TT ein']],
    [instant, '0000-01-01T00:00:00Z', OUT_OF_RANGE],
    [instant, '1970-01-01T00:00', OUT_OF_RANGE],
  ])('refuses %#: %s', (schema, d, [code, english, german]) => {
    expectRefusal(schema, { d }, 'd', code, english, german);
  });
});
