/**
 * Tests only: asserts that a schema refused its input at exactly one field, with the expected code and its message
 * in English and in German.
 */
import { expect } from 'vitest';
import type { z } from 'zod';
import { validate } from './field-errors.js';
import { fieldMessages } from './messages.js';

export function expectRefusal(schema: z.ZodType, input: unknown, field: string, code: string, english: string, german: string): void {
  const result = validate(schema, input);
  if (result.ok) throw new Error(`accepted ${JSON.stringify(input)}`);
  expect(Object.keys(result.issues)).toEqual([field]);
  expect(result.issues[field]?.code).toBe(code);
  expect(fieldMessages(result.issues, 'en')).toEqual({ [field]: english });
  expect(fieldMessages(result.issues, 'de')).toEqual({ [field]: german });
}
