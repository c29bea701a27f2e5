import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { APP_PROXY_PREFIX } from '../../emulator/context.js';
import { ADMIN_API_VERSION } from '../config/config.js';
import { defaultTopicHandlers } from '../webhooks/handlers.js';
import { APP_SCOPES, COMPLIANCE_TOPICS, WEBHOOK_TOPICS } from './app-config.js';

/** shopify.app.toml, the file the Shopify CLI deploys: what a real store sends the app follows from it. */
interface AppToml {
  access_scopes: { scopes: string };
  webhooks: { api_version: string; subscriptions: { topics?: string[]; compliance_topics?: string[]; uri: string }[] };
  app_proxy: { url: string; subpath: string; prefix: string };
}
const toml = parse(readFileSync(new URL('../../../shopify.app.toml', import.meta.url), 'utf8')) as unknown as AppToml;

const sorted = (values: readonly string[]) => [...values].sort();

describe('shopify.app.toml and the app', () => {
  it('asks for the scopes the app is configured with', () => {
    expect(toml.access_scopes.scopes.split(',').map((s) => s.trim())).toEqual(APP_SCOPES);
  });

  it('subscribes /api/webhooks to the topics the app and the emulator use, at the Admin API version of the app', () => {
    const { subscriptions, api_version } = toml.webhooks;
    expect(api_version).toBe(ADMIN_API_VERSION);
    expect(subscriptions.map((s) => s.uri)).toEqual(['/api/webhooks', '/api/webhooks']);
    expect(sorted(subscriptions.flatMap((s) => s.topics ?? []))).toEqual(sorted(WEBHOOK_TOPICS));
    expect(sorted(subscriptions.flatMap((s) => s.compliance_topics ?? []))).toEqual(sorted(COMPLIANCE_TOPICS));
  });

  it('has a handler for every topic it subscribes to, and none for a topic it does not', () => {
    expect(sorted(Object.keys(defaultTopicHandlers))).toEqual(sorted([...WEBHOOK_TOPICS, ...COMPLIANCE_TOPICS]));
  });

  it('proxies /apps/loyale to the app\'s /proxy, as the emulator does', () => {
    const { url, subpath, prefix } = toml.app_proxy;
    expect(new URL(url).pathname).toBe('/proxy');
    expect(`/${prefix}/${subpath}`).toBe(APP_PROXY_PREFIX);
  });
});
