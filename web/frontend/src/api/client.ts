import type { Locale } from '../i18n/locale';
import { MESSAGES } from '../i18n/messages';
import { translate } from '../i18n/translate';
import type { TokenSource } from './token';
import type { ApiErrorBody, InvalidInputDetails } from './types';

/** An API answer other than 2xx: the server's `{error, details?}`, with 422's field errors by dotted path. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** `details.fieldErrors` of a 422, e.g. `{ "tiers.1.threshold": "..." }`, worded in the client's locale; empty otherwise. */
    readonly fieldErrors: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

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
 * so the server words its errors (422 field errors included) in the merchant's language. A 401 means the token
 * expired or was revoked between fetch and use: the token is fetched again and the request retried once.
 */
export function createApiClient(tokens: TokenSource, locale: Locale, baseUrl = '/api'): ApiClient {
  async function send(method: HttpMethod, path: string, body: unknown, signal: AbortSignal | undefined): Promise<Response> {
    const attempt = async () => {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${await tokens.get()}`,
        Accept: 'application/json',
        'Accept-Language': locale,
      };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
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
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
    async download(path) {
      const res = await send('GET', path, undefined, undefined);
      return { blob: await res.blob(), filename: filenameOf(res) };
    },
  };
}
