import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientError } from './client-error.js';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url !== '/slow') {
      res.end('ok');
      return;
    }
    // Half an answer, the rest never comes: a response under way.
    res.writeHead(200, { 'content-length': '10' });
    res.write('12345');
  });
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Sends `request` as raw bytes; resolves with all the server wrote once it closed the connection. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => resolve(received));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' && received ? resolve(received) : reject(error)));
    socket.write(request);
  });
}

function parse(response: string): { statusLine: string; headers: string; body: unknown } {
  const [head = '', body = ''] = response.split('\r\n\r\n');
  const [statusLine = '', ...headers] = head.split('\r\n');
  return { statusLine, headers: headers.join('\n').toLowerCase(), body: JSON.parse(body) as unknown };
}

describe('answerClientError', () => {
  it('headers over the limit → 431 JSON, connection closed', async () => {
    const response = parse(await raw(`GET /?${'limit=1&'.repeat(3_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect(response.statusLine).toBe('HTTP/1.1 431 Request header fields too large');
    expect(response.headers).toContain('content-type: application/json');
    expect(response.headers).toContain('connection: close');
    expect(response.body).toEqual({ error: 'Request header fields too large' });
  });

  it('a malformed request → 400 JSON', async () => {
    const response = parse(await raw('NOT HTTP AT ALL\r\n\r\n'));
    expect(response.statusLine).toBe('HTTP/1.1 400 Bad request');
    expect(response.body).toEqual({ error: 'Bad request' });
  });

  it('a connection whose response is under way is closed, nothing added to that response', async () => {
    // The first request's answer has started (headers and half the body sent) when garbage follows on the connection.
    const response = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        received += chunk;
        if (received.includes('12345')) socket.write('NOT HTTP\r\n\r\n');
      });
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(received));
      socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    expect(response.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(response.endsWith('12345')).toBe(true);
    expect(response).not.toContain('Bad request');
  });
});
