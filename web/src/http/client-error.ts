import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { statusMessage } from './errors.js';

/** The statuses Node's own answer uses for its parser's errors; any other is a 400. */
const STATUS_OF_CODE: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/** A complete HTTP/1.1 answer `{ "error": ... }` that closes the connection (the parser cannot go on after an error). */
export function clientErrorResponse(status: number): string {
  const body = JSON.stringify({ error: statusMessage(status) });
  return [
    `HTTP/1.1 ${status} ${statusMessage(status)}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * The server's `clientError` listener: a request Node refuses before the app sees it (headers or URL over Node's
 * limit, a malformed request line) gets the app's JSON error shape instead of Node's empty answer. As Node's default
 * does, it answers only when the socket is still writable and no response has started on it (a response Node already
 * attached, `_httpMessage`, whose headers went out: more bytes would corrupt it), and closes the connection.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const response = (socket as { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  const status = STATUS_OF_CODE[error.code ?? ''] ?? 400;
  // Destroyed once written: the rest of the refused request is never read, and the client must not wait for it.
  socket.end(clientErrorResponse(status), () => socket.destroy());
}
