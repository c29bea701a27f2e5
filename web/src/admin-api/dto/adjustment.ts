import { z } from 'zod';
import { domainCheck } from '../../validation/field-errors.js';
import type { Assert, Equals } from '../wire/checks.js';
import type * as Wire from '../wire/index.js';
import { requiredText, text } from './common.js';

/** The largest change one manual adjustment may make, either way. */
export const MAX_ADJUSTMENT = 1_000_000;

/** `POST /api/customers/:customerId/adjustments`. */
export const adjustmentBody = z.object({
  delta: z
    .number()
    .int()
    .min(-MAX_ADJUSTMENT)
    .max(MAX_ADJUSTMENT)
    .refine((delta) => delta !== 0, domainCheck('not_zero')),
  /** Written in a multi-line field: line breaks and tabs may stay. */
  reason: requiredText(500, 'reason_required', 'lines'),
  idempotencyKey: text(200).min(1).optional(),
});

type _AdjustmentBody = Assert<Equals<z.output<typeof adjustmentBody>, Wire.AdjustmentBody>>;
