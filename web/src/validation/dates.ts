import { domainCheck, domainIssue, type FieldIssue } from './field-errors.js';

/**
 * The years a date the app takes as input may fall in: Postgres has no year 0 (a 500), years before 2000 predate any
 * shop's program (or are typos), and a 4-digit year keeps every instant an ISO string Postgres reads back.
 */
export const DATE_YEARS = { earliest: 2000, latest: 9999 } as const;

const PARAMS = { earliest: String(DATE_YEARS.earliest), latest: String(DATE_YEARS.latest) };

const yearInRange = (year: number) => year >= DATE_YEARS.earliest && year <= DATE_YEARS.latest;

/** True for an instant whose UTC year is within DATE_YEARS. */
export const isInDateRange = (date: Date): boolean => yearInRange(date.getUTCFullYear());

/** True for an ISO date or date-time written in a year within DATE_YEARS (its first four digits). */
export const isWrittenInDateRange = (iso: string): boolean => yearInRange(Number(iso.slice(0, 4)));

/** The rule's issue, for a service: "Choose a date in the years 2000 to 9999". */
export const dateOutOfRangeIssue = (): FieldIssue => domainIssue('date_out_of_range', PARAMS);

/** The same as the parameters of a zod refine. */
export const dateOutOfRangeCheck = () => domainCheck('date_out_of_range', PARAMS);
