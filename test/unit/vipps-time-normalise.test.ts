import { describe, expect, it } from 'vitest';
import { normaliseVippsTime } from '../../src/sources/vipps/report-client.js';

// vipps-report quirk 7 (docs/upstreams/vipps-report.md): `...000000Z`, microseconds, `+0200` without a colon. The common UTC form takes a
// fast path without a Date; everything else must come out exactly as through the general path.
describe('normaliseVippsTime', () => {
  it.each([
    ['2026-11-14T10:00:00Z', '2026-11-14T10:00:00.000000Z'],
    ['2026-11-14T10:00:00.000000Z', '2026-11-14T10:00:00.000000Z'],
    ['2026-11-14T10:00:00.1234567Z', '2026-11-14T10:00:00.123456Z'],
    ['2024-02-29T23:59:59.5Z', '2024-02-29T23:59:59.500000Z'],
    ['2026-12-31T23:59:59.999999999Z', '2026-12-31T23:59:59.999999Z'],
    ['2026-11-14T10:00:00+0200', '2026-11-14T08:00:00.000000Z'],
    ['2026-03-29T03:30:00.25+02:00', '2026-03-29T01:30:00.250000Z'],
    ['2026-11-14 10:00:00Z', '2026-11-14T10:00:00.000000Z'],
    [' 2026-11-14T10:00:00Z', '2026-11-14T10:00:00.000000Z'],
    // Out-of-range fields leave the fast path and keep the general path's reading.
    ['2026-11-14T24:00:00Z', '2026-11-15T00:00:00.000000Z'],
    ['2023-02-29T00:00:00Z', '2023-03-01T00:00:00.000000Z'],
  ])('%s -> %s', (text, expected) => {
    expect(normaliseVippsTime(text)).toBe(expected);
  });

  it('rejects what is no time with UPSTREAM_BAD_RESPONSE', () => {
    expect(() => normaliseVippsTime('2026-13-01T00:00:00Z', 'vipps-sales')).toThrow(
      expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }),
    );
    expect(() => normaliseVippsTime('yesterday')).toThrow(expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }));
  });
});
