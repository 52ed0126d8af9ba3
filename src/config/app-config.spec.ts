import { ConfigError, parseConfig } from './app-config';

describe('parseConfig', () => {
  it('uses the embedded PostgreSQL and queues in it when nothing is set', () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATABASE_BACKEND).toBe('embedded');
    expect(config.FOREWARN_DATA_DIR).toBe('.forewarn');
    expect(config.QUEUE_BACKEND).toBe('postgres');
    expect(config.RETENTION_RAW).toBe(15 * 86_400_000);
    expect(config.EMAIL_TO).toEqual([]);
  });

  it('queues in Redis when REDIS_URL is set, unless QUEUE_BACKEND says postgres', () => {
    const redis = 'redis://127.0.0.1:6379';
    expect(parseConfig({ REDIS_URL: redis }).QUEUE_BACKEND).toBe('redis');
    expect(parseConfig({ REDIS_URL: redis, QUEUE_BACKEND: 'postgres' }).QUEUE_BACKEND).toBe('postgres');
    const external = parseConfig({ DATABASE_URL: 'postgresql://db:5432/forewarn' });
    expect(external.DATABASE_BACKEND).toBe('external');
    expect(external.QUEUE_BACKEND).toBe('postgres');
  });

  it('refuses QUEUE_BACKEND=redis without REDIS_URL, and unknown backends', () => {
    expect(() => parseConfig({ QUEUE_BACKEND: 'redis' })).toThrow(
      /QUEUE_BACKEND: QUEUE_BACKEND=redis needs REDIS_URL/,
    );
    expect(() => parseConfig({ QUEUE_BACKEND: 'kafka' })).toThrow(/QUEUE_BACKEND/);
  });

  it('parses durations, lists and booleans', () => {
    const config = parseConfig({ SCHEDULER_TICK: '500ms', EMAIL_TO: 'a@x.io, b@x.io', SMTP_SECURE: 'true' });
    expect(config.SCHEDULER_TICK).toBe(500);
    expect(config.EMAIL_TO).toEqual(['a@x.io', 'b@x.io']);
    expect(config.SMTP_SECURE).toBe(true);
  });

  it('names every bad key at once', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        RETENTION_RAW: '15 days',
        EMAIL_TO: 'not-an-address',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const keys = (error as ConfigError).problems.map((problem) => problem.split(':')[0]);
    expect(keys.sort()).toEqual(['DATABASE_URL', 'EMAIL_TO.0', 'PORT', 'RETENTION_RAW']);
  });

  it('needs PROMETHEUS_URL when METRICS_BACKEND is prometheus', () => {
    expect(() => parseConfig({ METRICS_BACKEND: 'prometheus' })).toThrow(
      'PROMETHEUS_URL: required when METRICS_BACKEND=prometheus',
    );
    expect(
      parseConfig({ METRICS_BACKEND: 'prometheus', PROMETHEUS_URL: 'http://prometheus:9090' })
        .PROMETHEUS_TIMEOUT,
    ).toBe(30_000);
  });
});

describe('FOREWARN_TIMEZONE', () => {
  it('defaults to UTC and takes IANA names', () => {
    expect(parseConfig({}).FOREWARN_TIMEZONE).toBe('UTC');
    expect(parseConfig({ FOREWARN_TIMEZONE: 'Europe/Berlin' }).FOREWARN_TIMEZONE).toBe('Europe/Berlin');
  });

  it('rejects an unknown zone by name', () => {
    expect(() => parseConfig({ FOREWARN_TIMEZONE: 'Mars/Olympus' })).toThrow(
      'FOREWARN_TIMEZONE: use an IANA time zone such as UTC or Europe/Berlin',
    );
  });
});

describe('DIGEST_TO and DIGEST_CRON', () => {
  it('default to no digest, Monday 08:00', () => {
    const config = parseConfig({});
    expect(config.DIGEST_TO).toEqual([]);
    expect(config.DIGEST_CRON).toBe('0 8 * * 1');
  });

  it('take a list of addresses and a cron expression', () => {
    const config = parseConfig({
      DIGEST_TO: 'cto@example.com, lead@example.com',
      DIGEST_CRON: '30 9 * * 1',
      SMTP_HOST: 'smtp.example.com',
    });
    expect(config.DIGEST_TO).toEqual(['cto@example.com', 'lead@example.com']);
    expect(config.DIGEST_CRON).toBe('30 9 * * 1');
  });

  it('name a bad address, a bad schedule and a digest without SMTP', () => {
    expect(() => parseConfig({ DIGEST_TO: 'not-an-address', SMTP_HOST: 'smtp' })).toThrow('DIGEST_TO.0');
    expect(() => parseConfig({ DIGEST_CRON: 'every monday' })).toThrow(
      'DIGEST_CRON: use a cron expression such as "0 8 * * 1" (Monday 08:00)',
    );
    expect(() => parseConfig({ DIGEST_TO: 'cto@example.com' })).toThrow(
      'DIGEST_TO: the digest is mailed: set SMTP_HOST too',
    );
  });
});
