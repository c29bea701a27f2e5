/**
 * The bare baseline of the webhook benchmark: node:http, the HMAC check and one INSERT with `pg`, no framework.
 * Run as a child process by bench/webhooks.ts: `node --import tsx bench/baseline.ts <port> <databaseUrl> <secret>`.
 * Prints "listening <port>" when ready.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

const [portArg, databaseUrl, secret] = process.argv.slice(2);
if (!portArg || !databaseUrl || !secret) throw new Error('usage: baseline.ts <port> <databaseUrl> <secret>');

const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
await pool.query(`CREATE TABLE IF NOT EXISTS baseline_events (
  id BIGSERIAL PRIMARY KEY, shop_domain TEXT NOT NULL, event_key TEXT NOT NULL, topic TEXT NOT NULL,
  payload JSONB NOT NULL, received_at TIMESTAMPTZ NOT NULL DEFAULT now(), UNIQUE (shop_domain, event_key))`);

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const given = Buffer.from(String(req.headers['x-shopify-hmac-sha256'] ?? ''), 'base64');
    const expected = createHmac('sha256', secret).update(body).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    pool
      .query(
        'INSERT INTO baseline_events (shop_domain, event_key, topic, payload) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [req.headers['x-shopify-shop-domain'], req.headers['x-shopify-event-id'], req.headers['x-shopify-topic'], body.toString('utf8')],
      )
      .then(() => res.writeHead(200).end())
      .catch(() => res.writeHead(500).end());
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg), '127.0.0.1', () => console.log(`listening ${portArg}`));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
