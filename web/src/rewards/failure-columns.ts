import { z } from 'zod';
import { Prisma } from '../generated/prisma/client.js';
import type { Failure, FailureParams } from './issue-failure.js';

/**
 * The failure columns a table of things handed to members keeps (`error`, `error_code`, `error_params`: campaign runs
 * and recipients, perk grants), read and written the same way everywhere.
 */

/**
 * A failure as stored: `code` null for a row written before codes (or a code this version does not know), which has
 * only its English `detail`.
 */
export interface StoredFailure<Code extends string> {
  code: Code | null;
  params: FailureParams;
  detail: string;
}

const storedParams = z
  .object({
    variant: z.string(),
    rewardId: z.string(),
    reward: z.string(),
    draftOrder: z.string(),
    messages: z.array(z.string()),
    status: z.number(),
    attempts: z.number(),
  })
  .partial();

/** The columns as a row holds them. */
export interface FailureRow {
  error: string | null;
  errorCode: string | null;
  errorParams: unknown;
}

/**
 * The failure columns of a row; null when it has none. `codeOf` reads the code (null for one it does not know).
 * Parameters that do not read as such are left out.
 */
export function storedFailure<Code extends string>(row: FailureRow, codeOf: (stored: string | null) => Code | null): StoredFailure<Code> | null {
  if (row.error === null && row.errorCode === null) return null;
  const params = storedParams.safeParse(row.errorParams ?? {});
  return { code: codeOf(row.errorCode), params: params.success ? params.data : {}, detail: row.error ?? '' };
}

/** A failure's columns; the detail is cut to what the column is meant to hold. */
export const failureColumns = (failure: Failure<string>) => ({
  error: failure.detail.slice(0, 1000),
  errorCode: failure.code,
  errorParams: failure.params as Prisma.InputJsonObject,
});

/** The columns of a row without a failure (delivered, issued). */
export const noFailureColumns = () => ({ error: null, errorCode: null, errorParams: Prisma.DbNull });
