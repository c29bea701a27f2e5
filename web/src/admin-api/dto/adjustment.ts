import { z } from 'zod';
import { domainCheck } from '../../validation/field-errors.js';
import type { Assert, Equals } from '../wire/checks.js';
import type * as Wire from '../wire/index.js';
import { requiredText } from './common.js';

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
  reason: requiredText(500, 'reason_required'),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
});

type _AdjustmentBody = Assert<Equals<z.output<typeof adjustmentBody>, Wire.AdjustmentBody>>;
