import { z } from 'zod';
import { domainCheck } from '../../validation/field-errors.js';
import type { DomainCode } from '../../validation/messages.js';

/** `?limit=`: a page size from 1 to 100, 50 when left out. */
export const limitParam = z.coerce.number().int().min(1).max(100).default(50);

/** A numeric database id in a path or query (int4: at most 9 digits keeps it in range). */
export const DB_ID = /^\d{1,9}$/;

/** An id the client sends back: a string of digits, as the API hands ids out. */
export const idField = z
  .string()
  .refine((id) => DB_ID.test(id), domainCheck('not_an_id'))
  .transform(Number);

/**
 * Text the merchant must fill in: trimmed, at most `max` characters, and `required` (e.g. `reason_required`) when
 * left out, null or blank.
 */
export const requiredText = (max: number, required: DomainCode) =>
  z.preprocess(
    (value) => value ?? '',
    z
      .string()
      .trim()
      .refine((text) => text.length > 0, domainCheck(required))
      .max(max),
  );

/** The ISO string of a date, or null. */
export const isoOrNull = (date: Date | null) => date?.toISOString() ?? null;
