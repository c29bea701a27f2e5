import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig: customer mail', () => {
  it('takes SMTP_URL and SMTP_FROM when given, and leaves both unset otherwise', () => {
    expect(loadConfig({})).toMatchObject({ smtpUrl: undefined, mailFrom: undefined });
    expect(loadConfig({ SMTP_URL: 'smtps://user:secret@smtp.example.com:465', SMTP_FROM: 'rewards@example.com' })).toMatchObject({
      smtpUrl: 'smtps://user:secret@smtp.example.com:465',
      mailFrom: 'rewards@example.com',
    });
  });

  it.each([
    [{ SMTP_URL: 'http://smtp.example.com' }, 'SMTP_URL: must be an smtp:// or smtps:// URL'],
    [{ SMTP_URL: 'smtp://' }, 'SMTP_URL: must be an smtp:// or smtps:// URL'],
    [{ SMTP_FROM: 'not an address' }, 'SMTP_FROM: must be an email address'],
  ])('refuses %o', (env, problem) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([problem]);
    }
  });
});

describe('loadConfig: credentials', () => {
  it('uses the development key and secret without SHOPIFY_API_KEY, and starts the emulator', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ useEmulator: true, warnings: [] });
    expect(config.apiSecret).toBe(loadConfig({ SHOPIFY_API_KEY: 'key' }).apiSecret);
  });

  it('falls back on the development secret when only SHOPIFY_API_KEY is set (the contract default), with a warning', () => {
    const config = loadConfig({ SHOPIFY_API_KEY: 'real-key' });
    expect(config).toMatchObject({ apiKey: 'real-key', useEmulator: false });
    expect(config.warnings).toEqual([expect.stringContaining('SHOPIFY_API_SECRET is not set')]);
  });

  it('takes both when set, without a warning', () => {
    expect(loadConfig({ SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: 's' })).toMatchObject({ apiKey: 'k', apiSecret: 's', useEmulator: false, warnings: [] });
  });
});
