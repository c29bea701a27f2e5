import type { Locale } from '../i18n/locale';
import { MESSAGES } from '../i18n/messages';
import { translate } from '../i18n/translate';
import { ApiError, requestFailure, type FailureWording } from './request-errors';
import { SessionTokenError, type TokenSource } from './token';
import type { ApiErrorBody, InvalidInputDetails } from './types';

export { ApiError } from './request-errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiClient {
  /** A JSON request to `/api{path}` with the session token; resolves with the parsed body. */
  request<T>(method: HttpMethod, path: string, body?: unknown, signal?: AbortSignal): Promise<T>;
  /** A file download from `/api{path}` with the session token. */
  download(path: string): Promise<{ blob: Blob; filename: string | null }>;
}

/** An error answer as read: the API's ApiErrorBody, but a proxy may answer anything, so each field is checked. */
type ReceivedError = { [K in keyof ApiErrorBody]?: unknown } & { details?: { [K in keyof InvalidInputDetails]?: unknown } };

async function toApiError(res: Response, locale: Locale): Promise<ApiError> {
  let body: ReceivedError = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): the status alone tells enough.
  }
  const message = typeof body.error === 'string' ? body.error : translate(MESSAGES[locale], 'api.status', { status: res.status });
  const fieldErrors = body.details?.fieldErrors;
  return new ApiError(res.status, message, typeof fieldErrors === 'object' && fieldErrors !== null ? (fieldErrors as Record<string, string>) : {});
}

function filenameOf(res: Response): string | null {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '');
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/**
 * The one place the admin talks to the backend. Every request names the admin user's locale in `Accept-Language`,
 * so the server words its errors (422 field errors included) in the merchant's language; failures without such an
 * answer (offline, a proxy's page, no session token) are worded here, in the same language. A 401 means the token
 * expired or was revoked between fetch and use: the token is fetched again and the request retried once.
 */
export function createApiClient(tokens: TokenSource, locale: Locale, baseUrl = '/api'): ApiClient {
  const messages = MESSAGES[locale];
  const wording: FailureWording = {
    unreachable: translate(messages, 'api.unreachable'),
    unexpectedAnswer: (status) => translate(messages, 'api.unexpectedAnswer', { status }),
  };
  const token = () =>
    tokens.get().catch((error: unknown) => {
      throw error instanceof SessionTokenError ? new ApiError(0, translate(messages, 'api.sessionTokenFailed')) : error;
    });
  /** The answer's body; what fails while reading it is worded for the merchant (an abort stays an abort). */
  const read = <T>(res: Response, body: (res: Response) => Promise<T>) =>
    body(res).catch((error: unknown) => {
      throw requestFailure(error, wording, res.status);
    });

  async function send(method: HttpMethod, path: string, body: unknown, signal: AbortSignal | undefined): Promise<Response> {
    const attempt = async () => {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${await token()}`,
        Accept: 'application/json',
        'Accept-Language': locale,
      };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal }).catch((error: unknown) => {
        throw requestFailure(error, wording);
      });
    };
    let res = await attempt();
    if (res.status === 401) {
      tokens.invalidate();
      res = await attempt();
    }
    if (!res.ok) throw await toApiError(res, locale);
    return res;
  }

  return {
    async request<T>(method: HttpMethod, path: string, body?: unknown, signal?: AbortSignal) {
      const res = await send(method, path, body, signal);
      // 204 No Content (a deletion) has no body.
      return (res.status === 204 ? undefined : await read(res, (r) => r.json())) as T;
    },
    async download(path) {
      const res = await send('GET', path, undefined, undefined);
      return { blob: await read(res, (r) => r.blob()), filename: filenameOf(res) };
    },
  };
}
