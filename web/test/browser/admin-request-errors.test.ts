import { describe, expect, it } from 'vitest';
import { ApiError, isAbort, requestFailure, type FailureWording } from '../../frontend/src/api/request-errors.js';

/** The admin shows failures without an API answer in the merchant's words, never the browser's own English. */
const WORDING: FailureWording = {
  unreachable: 'Der Server war nicht erreichbar',
  unexpectedAnswer: (status) => `Unerwartete Antwort (${status})`,
};

const abort = () => Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });

describe('requestFailure', () => {
  // [what failed, error, status of the answer whose body failed (none: fetch itself), status, message]
  it.each<[string, unknown, number | undefined, number, string]>([
    ["fetch's network failure", new TypeError('Failed to fetch'), undefined, 0, 'Der Server war nicht erreichbar'],
    ['a body that is not JSON (a proxy page)', new SyntaxError("Unexpected token '<', \"<html>\" is not valid JSON"), 200, 200, 'Unerwartete Antwort (200)'],
    ['a body cut off on the way', new TypeError('network error'), 200, 0, 'Der Server war nicht erreichbar'],
    ['anything else thrown by fetch', new Error('boom'), undefined, 0, 'Der Server war nicht erreichbar'],
  ])('words %s for the merchant', (_name, error, answerStatus, status, message) => {
    const failure = requestFailure(error, WORDING, answerStatus);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status, message, fieldErrors: {} });
  });

  it('passes an abort on as it is (a newer load replaced the request: nothing to show)', () => {
    const aborted = abort();
    expect(isAbort(aborted)).toBe(true);
    expect(requestFailure(aborted, WORDING)).toBe(aborted);
    expect(requestFailure(aborted, WORDING, 200)).toBe(aborted);
    expect(isAbort(new TypeError('Failed to fetch'))).toBe(false);
  });

  it('passes an ApiError on as it is', () => {
    const refused = new ApiError(422, 'Ungültige Eingabe', { reason: 'Gib einen Grund an' });
    expect(requestFailure(refused, WORDING)).toBe(refused);
  });
});
