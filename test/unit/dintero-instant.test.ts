import { describe, expect, it } from 'vitest';
import { TallyError } from '../../src/domain/errors.js';
import { dinteroInstant } from '../../src/sources/dintero/mapping.js';

// Dintero's times keep the digits they were sent with: moved to UTC, never rounded to milliseconds.
describe('dinteroInstant', () => {
  it.each([
    ['2019-08-24T14:15:22Z', '2019-08-24T14:15:22.000Z'],
    ['2026-11-20T10:21:54.141089Z', '2026-11-20T10:21:54.141089Z'],
    ['2026-11-20T10:21:54.1Z', '2026-11-20T10:21:54.100Z'],
    ['2026-11-20T10:21:54.123456789Z', '2026-11-20T10:21:54.123456789Z'],
    ['2026-11-20T10:21:54.140000Z', '2026-11-20T10:21:54.140000Z'],
    ['2026-03-29T03:30:00.250001+02:00', '2026-03-29T01:30:00.250001Z'],
    ['2026-01-01T00:30:00-0130', '2026-01-01T02:00:00.000Z'],
    ['2026-12-31T23:59:59.999999+00:00', '2026-12-31T23:59:59.999999Z'],
    ['2026-01-01T00:00:00.5+01:00', '2025-12-31T23:00:00.500Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('%s -> %s', (text, expected) => {
    expect(dinteroInstant(text, 'x')).toBe(expected);
  });

  it('is null for null', () => {
    expect(dinteroInstant(null, 'x')).toBeNull();
  });

  it.each([
    'string',
    '',
    '2026-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2026-11-14T24:00:00Z',
    '2026-11-14T10:60:00Z',
    '1566656122',
    '2026-11-14T10:00:00+25:00',
  ])('makes %j an UPSTREAM_BAD_RESPONSE naming the field, never the raw value', (text) => {
    const value = dinteroInstant(text, 'settlement "s1" created_at');
    expect(value).toBeInstanceOf(TallyError);
    expect(value).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'dintero' });
    expect((value as TallyError).message).toContain('settlement "s1" created_at');
  });
});
