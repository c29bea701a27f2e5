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
