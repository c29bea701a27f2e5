import { z } from 'zod';
import { isCalendarDate } from '../../analytics/range.js';
import { decodeCursor, encodeCursor } from '../../pagination/cursor.js';
import { dateOutOfRangeCheck, isWrittenInDateRange } from '../../validation/dates.js';
import { domainCheck } from '../../validation/field-errors.js';
import type { DomainCode } from '../../validation/messages.js';

/** `?limit=`: a page size from 1 to 100, 50 when left out. */
export const limitParam = z.coerce.number().int().min(1).max(100).default(50);

/** A numeric database id in a path or query (int4: at most 9 digits keeps it in range). */
export const DB_ID = /^\d{1,9}$/;

/** A platform resource id as the app stores it (a customer's): digits, an int64 on the platform. */
export const PLATFORM_ID = /^\d{1,20}$/;

/** An id the client sends back: a string of digits, as the API hands ids out. */
export const idField = z
  .string()
  .refine((id) => DB_ID.test(id), domainCheck('not_an_id'))
  .transform(Number);

/**
 * The control characters a text may hold, by what it is:
 * - `line` (a name, a search, a key): none; they are invisible and mean nothing there (a line break in a mail
 *   header's name is an injection).
 * - `lines` (a note written in a multi-line field): line breaks (also CRLF) and tabs only.
 * - `stored` (text the API handed out and gets back, e.g. a cursor's sort key): anything the database can hold, which
 *   is all but NUL; a stored name may well hold a tab.
 */
export type TextKind = 'line' | 'lines' | 'stored';

const FORBIDDEN: Record<TextKind, RegExp> = {
  line: /\p{Cc}/u,
  lines: /(?![\t\n\r])\p{Cc}/u,
  stored: /\0/,
};

/**
 * The rule every text the admin API takes goes through (body fields, query strings, cursor keys; path ids are digits):
 * - well-formed Unicode: a lone surrogate cannot be stored as sent (the driver writes U+FFFD instead), so the stored
 *   text would differ from what was sent, and a retry compared with it (an adjustment's reason) would not match;
 * - no control characters where they make no sense (`kind`); NUL never: Postgres refuses it in text (a 500).
 * Applied to `schema` after its own checks (a trim, "required"), so an empty field is named as such first.
 */
export function textRule<T extends z.ZodString>(schema: T, kind: TextKind = 'line'): T {
  return schema
    .refine((text) => text.isWellFormed(), domainCheck('text_malformed'))
    .refine((text) => !FORBIDDEN[kind].test(text), domainCheck(kind === 'line' ? 'text_single_line' : 'text_control_characters'));
}

/** Text the API takes: trimmed, at most `max` characters, under the text rule. */
export const text = (max: number, kind: TextKind = 'line') => textRule(z.string().trim(), kind).max(max);

/**
 * Text the merchant must fill in: trimmed, at most `max` characters, under the text rule, and `required` (e.g.
 * `reason_required`) when left out, null or blank.
 */
export const requiredText = (max: number, required: DomainCode, kind: TextKind = 'line') =>
  z.preprocess(
    (value) => value ?? '',
    textRule(
      z
        .string()
        .trim()
        .refine((text) => text.length > 0, domainCheck(required)),
      kind,
    ).max(max),
  );

/** A calendar date `YYYY-MM-DD` (no 2026-02-30) within DATE_YEARS. */
export const calendarDate = z
  .string()
  .refine((day) => /^\d{4}-\d{2}-\d{2}$/.test(day), { ...domainCheck('not_a_date'), abort: true })
  .refine(isWrittenInDateRange, { ...dateOutOfRangeCheck(), abort: true })
  .refine(isCalendarDate, domainCheck('not_a_date'));

/**
 * An ISO date-time (zod's options: whether an offset, or none, is taken) written within DATE_YEARS. An offset, or the
 * shop's zone for none, may still move its instant a few hours out of them: where it is resolved, check isInDateRange.
 */
export const dateTime = (options: Parameters<typeof z.iso.datetime>[0] = {}) =>
  z.iso.datetime(options).refine(isWrittenInDateRange, dateOutOfRangeCheck());

/** The ISO string of a date, or null. */
export const isoOrNull = (date: Date | null) => date?.toISOString() ?? null;

/**
 * `version` of an editor's save: the one its GET gave. The save is refused (409) when another save moved it on
 * since, so two merchants editing at once cannot silently undo each other's changes.
 */
export const editorVersion = z.number().int().min(1).max(2_147_483_647);

/** A row's place in a newest-first list (a ledger, the mail log): its creation time, then its id. */
export interface NewestFirstPosition {
  createdAt: Date;
  id: bigint;
}

/** A newest-first list's cursor: the row's time (ISO in UTC, millisecond precision as stored) and id. */
const newestFirstCursor = z.object({
  t: dateTime().transform((t) => new Date(t)),
  i: z.string().regex(/^\d{1,18}$/).transform(BigInt),
});

/** The cursor after `row` in a newest-first list (its page's `endCursor`). */
export const newestFirstCursorOf = (row: NewestFirstPosition): string => encodeCursor({ t: row.createdAt.toISOString(), i: String(row.id) });

/** `?after=` of a newest-first list: the position of an `endCursor` it handed out, else `cursor_invalid` on the field. */
export const afterParam = z.string().transform((cursor, ctx): NewestFirstPosition => {
  const position = decodeCursor(newestFirstCursor, cursor);
  if (!position) {
    ctx.addIssue({ code: 'custom', ...domainCheck('cursor_invalid') });
    return z.NEVER;
  }
  return { createdAt: position.t, id: position.i };
});
