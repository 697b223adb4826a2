import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { scrapeCheck } from '../../src/plugins/useObservability.js';
import { configProblems } from '../helpers/config-problems.js';

const HASH = 'a'.repeat(64);

const problems = configProblems;

describe('configuration', () => {
  it('runs on the sandbox when no upstream credentials are set', () => {
    const c = loadConfig({});
    expect(c.mode).toBe('sandbox');
    expect(c.port).toBe(4000);
    expect(c.sandboxPort).toBe(4010);
    expect(c.costAlways).toBe(true);
  });

  it("fixes the embedded sandbox's clock with SANDBOX_NOW, in sandbox mode only", () => {
    expect(loadConfig({ SANDBOX_NOW: '2026-10-25T23:30:00Z' }).sandboxNow?.toISOString()).toBe('2026-10-25T23:30:00.000Z');
    expect(loadConfig({ SANDBOX_NOW: '2026-07-02T00:30:00+02:00' }).sandboxNow?.toISOString()).toBe('2026-07-01T22:30:00.000Z');
    expect(loadConfig({}).sandboxNow).toBeUndefined();
    expect(problems({ SANDBOX_NOW: 'yesterday' }).join('\n')).toContain('SANDBOX_NOW must be an ISO 8601 instant');
    expect(problems({ SANDBOX_NOW: '2026-10-25' }).join('\n')).toContain('SANDBOX_NOW');
    expect(
      loadConfig({
        SANDBOX_NOW: '2026-10-25T23:30:00Z',
        EASYPAY_ACCOUNT_ID: 'a',
        EASYPAY_API_KEY: 'k',
        TALLY_API_KEY_SHA256: HASH,
        TALLY_PUBLIC_URL: 'https://tally.example.com',
      }).sandboxNow,
    ).toBeUndefined();
  });

  it('runs the sandbox clock with SANDBOX_CLOCK=run at SANDBOX_CLOCK_SPEED, and refuses settings that make no sense', () => {
    expect(loadConfig({}).sandboxClock).toEqual({ mode: 'run', speed: 1 });
    expect(loadConfig({ SANDBOX_NOW: '2026-11-20T09:00:00Z' }).sandboxClock).toEqual({ mode: 'fixed', speed: 1 });
    const running = loadConfig({ SANDBOX_NOW: '2026-11-20T09:00:00Z', SANDBOX_CLOCK: 'run', SANDBOX_CLOCK_SPEED: '60' });
    expect(running.sandboxClock).toEqual({ mode: 'run', speed: 60 });
    expect(running.sandboxNow?.toISOString()).toBe('2026-11-20T09:00:00.000Z');
    expect(loadConfig({ SANDBOX_CLOCK_SPEED: '0.5' }).sandboxClock).toEqual({ mode: 'run', speed: 0.5 });
    expect(loadConfig({ SANDBOX_CLOCK: 'fixed' }).sandboxClock).toEqual({ mode: 'fixed', speed: 1 });
    expect(problems({ SANDBOX_CLOCK: 'walk' }).join('\n')).toContain(
      'SANDBOX_CLOCK must be fixed (the clock stands at SANDBOX_NOW) or run',
    );
    expect(problems({ SANDBOX_CLOCK_SPEED: 'fast' }).join('\n')).toContain('SANDBOX_CLOCK_SPEED must be a number');
    expect(problems({ SANDBOX_CLOCK_SPEED: '0' }).join('\n')).toContain('SANDBOX_CLOCK_SPEED must be above 0');
    expect(problems({ SANDBOX_CLOCK_SPEED: '100000' }).join('\n')).toContain('SANDBOX_CLOCK_SPEED must be at most 86400');
    expect(problems({ SANDBOX_NOW: '2026-11-20T09:00:00Z', SANDBOX_CLOCK_SPEED: '60' }).join('\n')).toContain(
      'SANDBOX_CLOCK_SPEED needs a running clock, but the sandbox clock is fixed (SANDBOX_NOW alone fixes it): set SANDBOX_CLOCK=run',
    );
    expect(problems({ SANDBOX_CLOCK: 'fixed', SANDBOX_CLOCK_SPEED: '60' }).join('\n')).toContain('(SANDBOX_CLOCK=fixed)');
  });

  it('reads per-ledger date cutoffs (HH:MM) for Vipps MobilePay ledgers and refuses what is not a time of day', () => {
    expect(loadConfig({ VIPPS_LEDGER_DATE_CUTOFFS: '302321=04:00, 123456=00:30' }).vippsLedgerDateCutoffs).toEqual({
      '302321': 240,
      '123456': 30,
    });
    expect(loadConfig({}).vippsLedgerDateCutoffs).toEqual({});
    for (const bad of ['302321=24:00', '302321=4:00', '302321', '=04:00', '302321=04:00:00']) {
      expect(problems({ VIPPS_LEDGER_DATE_CUTOFFS: bad }).join('\n'), bad).toMatch(/VIPPS_LEDGER_DATE_CUTOFFS.*<ledgerId>=HH:MM/);
    }
  });

  it('reads per-ledger time zones for Vipps MobilePay ledgers and refuses unknown zones', () => {
    expect(loadConfig({ VIPPS_LEDGER_TIME_ZONES: '302321=Europe/Oslo, 123456=UTC' }).vippsLedgerTimeZones).toEqual({
      '302321': 'Europe/Oslo',
      '123456': 'UTC',
    });
    expect(loadConfig({}).vippsLedgerTimeZones).toEqual({});
    expect(problems({ VIPPS_LEDGER_TIME_ZONES: '302321=Europe/Atlantis' }).join('\n')).toContain('not an IANA time zone');
    expect(problems({ VIPPS_LEDGER_TIME_ZONES: 'Europe/Oslo' }).join('\n')).toContain('expected <ledgerId>=<IANA time zone>');
  });

  it('names what is missing in a half-configured environment', () => {
    expect(problems({ VIPPS_CLIENT_ID: 'x', TALLY_API_KEY_SHA256: HASH }).join('\n')).toContain('VIPPS_CLIENT_SECRET');
    expect(
      problems({ VIPPS_KEY_TYPE: 'merchant', VIPPS_CLIENT_ID: 'x', VIPPS_CLIENT_SECRET: 'y', TALLY_API_KEY_SHA256: HASH }).join('\n'),
    ).toContain('VIPPS_SUBSCRIPTION_KEY');
    expect(problems({ EASYPAY_ACCOUNT_ID: 'x', TALLY_API_KEY_SHA256: HASH }).join('\n')).toContain('EASYPAY_API_KEY');
    expect(problems({ DINTERO_ACCOUNTS: 'X123:a:b', TALLY_API_KEY_SHA256: HASH }).join('\n')).toContain('^[PT]');
    expect(
      problems({
        VIPPS_KEY_TYPE: 'accounting',
        VIPPS_CLIENT_ID: 'x',
        VIPPS_CLIENT_SECRET: 'y',
        VIPPS_SUBSCRIPTION_KEY: 'z',
        TALLY_API_KEY_SHA256: HASH,
      }).join('\n'),
    ).toContain('must not be set');
  });

  it('requires client API keys with real upstreams, and never echoes secrets', () => {
    const p = problems({ VIPPS_CLIENT_ID: 'id', VIPPS_CLIENT_SECRET: 'super-secret-value' });
    expect(p.join('\n')).toContain('TALLY_API_KEY_SHA256');
    expect(p.join('\n')).toContain('TALLY_PUBLIC_URL is required');
    expect(p.join('\n')).not.toContain('super-secret-value');
    const c = loadConfig({
      VIPPS_CLIENT_ID: 'id',
      VIPPS_CLIENT_SECRET: 's',
      TALLY_API_KEY_SHA256: HASH,
      TALLY_PUBLIC_URL: 'https://tally.example.com',
      DINTERO_ACCOUNTS: 'T12345678:cid:sec:ret',
    });
    expect(c.mode).toBe('upstream');
    expect(c.upstreams.vipps).toMatchObject({ keyType: 'accounting', baseUrl: 'https://api.vipps.no' });
    expect(c.upstreams.dintero!.accounts).toEqual([{ accountId: 'T12345678', clientId: 'cid', clientSecret: 'sec:ret' }]);
    expect(c.costAlways).toBe(false);
  });

  it('/metrics is open in sandbox mode only; with real upstreams it needs TALLY_METRICS_TOKEN, and a scraper sends it as a bearer token', () => {
    const upstream = {
      VIPPS_CLIENT_ID: 'id',
      VIPPS_CLIENT_SECRET: 's',
      TALLY_API_KEY_SHA256: HASH,
      TALLY_PUBLIC_URL: 'https://tally.example.com',
    };
    expect(loadConfig({}).metrics).toEqual({ token: undefined, open: true });
    expect(loadConfig(upstream).metrics).toEqual({ token: undefined, open: false });
    const token = 'scrape-token-0123456789';
    expect(loadConfig({ ...upstream, TALLY_METRICS_TOKEN: token }).metrics).toEqual({ token, open: false });
    expect(loadConfig({ TALLY_METRICS_TOKEN: token }).metrics).toEqual({ token, open: false });
    expect(problems({ TALLY_METRICS_TOKEN: 'short' }).join('\n')).toContain('at least 16');

    const req = (authorization?: string) => new Request('http://tally.test/metrics', { headers: authorization ? { authorization } : {} });
    const closed = scrapeCheck(loadConfig(upstream).metrics);
    expect(closed(req())).toBe(false);
    expect(closed(req(`Bearer ${token}`))).toBe(false);
    const withToken = scrapeCheck({ token, open: false });
    expect(withToken(req(`Bearer ${token}`))).toBe(true);
    expect(withToken(req(`bearer ${token}`))).toBe(true);
    expect(withToken(req(`Bearer ${token}x`))).toBe(false);
    expect(withToken(req(token))).toBe(false);
    expect(withToken(req())).toBe(false);
    expect(scrapeCheck(loadConfig({}).metrics)(req())).toBe(true);
  });

  it('rejects malformed numbers and short signing secrets', () => {
    expect(problems({ PORT: 'abc' }).join('\n')).toContain('PORT');
    expect(problems({ TALLY_SIGNING_SECRET: 'short' }).join('\n')).toContain('32');
    expect(problems({ TALLY_API_KEY_SHA256: 'nothex' }).join('\n')).toContain('SHA-256');
  });

  it('operating settings: Redis needs the shared signing secret, a sandbox URL, OTLP from the SDK variables', () => {
    expect(problems({ REDIS_URL: 'redis://127.0.0.1:6379' }).join('\n')).toContain('TALLY_SIGNING_SECRET is required with REDIS_URL');
    expect(problems({ REDIS_URL: 'http://127.0.0.1:6379', TALLY_SIGNING_SECRET: 's'.repeat(32) }).join('\n')).toContain('REDIS_URL');
    const c = loadConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      TALLY_SIGNING_SECRET: 's'.repeat(32),
      TALLY_SANDBOX_URL: 'http://127.0.0.1:4010/',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
    });
    expect(c).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      sandboxUrl: 'http://127.0.0.1:4010',
      otlpTracesUrl: 'http://127.0.0.1:4318/v1/traces',
      shutdownGraceMs: 10_000,
    });
    expect(loadConfig({}).otlpTracesUrl).toBeUndefined();
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/x', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://y:1' })
        .otlpTracesUrl,
    ).toBe('http://collector:4318/x');
    expect(
      problems({
        TALLY_SANDBOX_URL: 'http://127.0.0.1:4010',
        EASYPAY_ACCOUNT_ID: 'a',
        EASYPAY_API_KEY: 'k',
        TALLY_API_KEY_SHA256: HASH,
      }).join('\n'),
    ).toContain('TALLY_SANDBOX_URL');
  });
});
