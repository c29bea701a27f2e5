import type { z } from 'zod';
import type { DomainCode } from './messages.js';

/**
 * One field's problem, free of language: a stable code and what a message needs to say it. The code is zod's own
 * (`too_small` with `{ origin, minimum, inclusive }`, `invalid_type` with `{ expected }`, ...) or one of our domain
 * rules (`threshold_taken`, `range_too_long` with `{ maximum }`, ...). messages.ts words it in a language.
 */
export interface FieldIssue {
  code: string;
  params: Record<string, unknown>;
}

/** Issues keyed by the dotted path of the input field they are about (`tiers.1.threshold`, `delta`). */
export type FieldIssues = Record<string, FieldIssue>;

/** A service's answer when the input breaks a rule only the service can check (it needs the stored state). */
export interface Invalid {
  ok: false;
  issues: FieldIssues;
}

type DomainParams = Record<string, number | string>;

/** A domain rule's issue, e.g. `domainIssue('range_too_long', { maximum: 366 })`. */
export function domainIssue(code: DomainCode, params: DomainParams = {}): FieldIssue {
  return { code, params };
}

/**
 * The same as the parameters of a zod `refine` or `ctx.addIssue({ code: 'custom', ... })`: a custom issue that
 * carries the domain code in its params (what fieldIssuesOf reads back).
 */
export function domainCheck(code: DomainCode, params: DomainParams = {}): { params: DomainParams & { code: DomainCode } } {
  return { params: { ...params, code } };
}

/** What a zod issue holds besides its parameters (nested union errors and English notes included). */
const NOT_PARAMS = new Set(['code', 'path', 'message', 'input', 'errors', 'note', 'params']);

function issueOf(issue: z.core.$ZodIssue): FieldIssue {
  if (issue.code === 'custom') {
    const { code, ...params } = (issue.params ?? {}) as Record<string, unknown>;
    if (typeof code === 'string') return { code, params };
  }
  const params = Object.entries(issue)
    .filter(([key]) => !NOT_PARAMS.has(key))
    // JSON has no bigint (a bigint schema's bounds).
    .map(([key, value]) => [key, typeof value === 'bigint' ? String(value) : value]);
  return { code: issue.code, params: Object.fromEntries(params) };
}

/**
 * zod's issues as FieldIssues: the first issue for each path wins (the most basic problem of a field, such as its
 * type, comes first). Issues about the whole value are keyed by `root`.
 */
export function fieldIssuesOf(error: z.ZodError, root = 'body'): FieldIssues {
  const issues: FieldIssues = {};
  for (const issue of error.issues) {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : root;
    issues[path] ??= issueOf(issue);
  }
  return issues;
}

/** `input` parsed with `schema`, or the FieldIssues of every bad field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, root?: string): { ok: true; data: z.output<S> } | Invalid {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, data: result.data } : { ok: false, issues: fieldIssuesOf(result.error, root) };
}
