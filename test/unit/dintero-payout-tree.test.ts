import { describe, expect, it } from 'vitest';
import { TallyError } from '../../src/domain/errors.js';
import { decimalFromJsonNumber, parseDecimal, type Decimal } from '../../src/domain/money.js';
import type { PayoutDestination } from '../../src/sources/dintero/model.js';
import {
  MAX_PAYOUT_TREE_DEPTH,
  splitAmount,
  validateDestinations,
  validatePayoutRuleInput,
  applyReportConfigChange,
  newReportConfig,
  validateReportConfigChange,
  type RawDestination,
} from '../../src/sources/dintero/payout-tree.js';

const dec = (n: number): Decimal => decimalFromJsonNumber(n) as Decimal;
const pct = (value: number, destination: string): PayoutDestination => ({
  type: 'PERCENTAGE',
  value: dec(value),
  destination,
  destinations: [],
});
const flat = (value: number, destination: string): PayoutDestination => ({
  type: 'FLAT_AMOUNT',
  value: dec(value),
  destination,
  destinations: [],
});
const rest = (...destinations: PayoutDestination[]): PayoutDestination => ({
  type: 'REMAINING_AMOUNT',
  value: null,
  destination: null,
  destinations,
});

function rejected(fn: () => unknown): { message: string; path: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TallyError);
    const e = err as TallyError;
    expect(e.code).toBe('BAD_USER_INPUT');
    return { message: e.message, path: String(e.details?.path) };
  }
  throw new Error('expected a rejection');
}

const rule = (destinations: RawDestination[], extra: Record<string, unknown> = {}) => ({
  ruleType: 'order.items.store.id',
  ruleId: 'store-1',
  destinations,
  ...extra,
});

describe('payout rule validation', () => {
  it('accepts the commission example of dintero quirk 11 (docs/upstreams/dintero.md) and normalises it', () => {
    const input = validatePayoutRuleInput(
      rule([
        { type: 'PERCENTAGE', value: '2.5', destination: 'platform' },
        { type: 'REMAINING_AMOUNT', destinations: [{ type: 'PERCENTAGE', value: '100', destination: 'seller' }] },
      ]),
    );
    expect(input.destinations[1]).toEqual({ type: 'REMAINING_AMOUNT', value: null, destination: null, destinations: [pct(100, 'seller')] });
    expect(input.metadata).toEqual([]);
  });

  it.each([
    ['a percentage of 0', [{ type: 'PERCENTAGE', value: '0', destination: 'a' }], 'input.destinations[0].value', /above 0/],
    ['a percentage above 100', [{ type: 'PERCENTAGE', value: '100.5', destination: 'a' }], 'input.destinations[0].value', /at most 100/],
    ['a negative percentage', [{ type: 'PERCENTAGE', value: '-5', destination: 'a' }], 'input.destinations[0].value', /above 0/],
    ['too many decimals', [{ type: 'PERCENTAGE', value: '33.3333333', destination: 'a' }], 'input.destinations[0].value', /decimals/],
    [
      'percentages above 100 on one level',
      [
        { type: 'PERCENTAGE', value: '60', destination: 'a' },
        {
          type: 'REMAINING_AMOUNT',
          destinations: [
            { type: 'PERCENTAGE', value: '70', destination: 'b' },
            { type: 'PERCENTAGE', value: '30.5', destination: 'c' },
          ],
        },
      ],
      'input.destinations[1].destinations',
      /100\.5%/,
    ],
    [
      'a fractional flat amount',
      [{ type: 'FLAT_AMOUNT', value: '12.5', destination: 'a' }],
      'input.destinations[0].value',
      /whole number of minor units/,
    ],
    ['a zero flat amount', [{ type: 'FLAT_AMOUNT', value: '0', destination: 'a' }], 'input.destinations[0].value', /positive/],
    [
      'a flat amount without destination',
      [{ type: 'FLAT_AMOUNT', value: '100' }],
      'input.destinations[0].destination',
      /needs a destination/,
    ],
    [
      'remaining_amount without children',
      [{ type: 'REMAINING_AMOUNT' }],
      'input.destinations[0].destinations',
      /needs nested destinations/,
    ],
    [
      'remaining_amount with a value',
      [{ type: 'REMAINING_AMOUNT', value: '10', destinations: [{ type: 'PERCENTAGE', value: '100', destination: 'a' }] }],
      'input.destinations[0].value',
      /has no value/,
    ],
    [
      'a percentage with both a destination and children',
      [{ type: 'PERCENTAGE', value: '10', destination: 'a', destinations: [{ type: 'PERCENTAGE', value: '10', destination: 'b' }] }],
      'input.destinations[0].destinations',
      /not both/,
    ],
    [
      'a percentage with neither destination nor children',
      [{ type: 'PERCENTAGE', value: '10' }],
      'input.destinations[0].destination',
      /needs a destination, or nested destinations/,
    ],
    [
      'two remaining_amount nodes on a level',
      [
        { type: 'REMAINING_AMOUNT', destinations: [pct(100, 'a')] },
        { type: 'REMAINING_AMOUNT', destinations: [pct(100, 'b')] },
      ],
      'input.destinations[1]',
      /at most one REMAINING_AMOUNT/,
    ],
    ['an empty tree', [], 'input.destinations', /at least one/],
  ] as Array<[string, RawDestination[], string, RegExp]>)('refuses %s, naming the path', (_name, destinations, path, message) => {
    const r = rejected(() => validatePayoutRuleInput(rule(destinations)));
    expect(r.path).toBe(path);
    expect(r.message).toMatch(message);
    expect(r.message.startsWith(path)).toBe(true);
  });

  it('bounds the depth, naming the level that is too deep', () => {
    let node: RawDestination = { type: 'PERCENTAGE', value: '100', destination: 'leaf' };
    for (let i = 0; i < MAX_PAYOUT_TREE_DEPTH; i++) node = { type: 'REMAINING_AMOUNT', destinations: [node] };
    const r = rejected(() => validatePayoutRuleInput(rule([node])));
    expect(r.path).toBe(`input${'.destinations[0]'.repeat(MAX_PAYOUT_TREE_DEPTH)}.destinations`);
    expect(r.message).toMatch(/at most 5 levels/);
    // One level less is accepted.
    expect(() => validatePayoutRuleInput(rule([(node.destinations as RawDestination[])[0] as RawDestination]))).not.toThrow();
  });

  it('allows at most 10 unique metadata properties', () => {
    const metadata = Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    expect(rejected(() => validatePayoutRuleInput(rule([pct(100, 'a')], { metadata }))).path).toBe('input.metadata');
    const dup = rejected(() =>
      validatePayoutRuleInput(
        rule([pct(100, 'a')], {
          metadata: [
            { key: 'a', value: '1' },
            { key: 'a', value: '2' },
          ],
        }),
      ),
    );
    expect(dup.path).toBe('input.metadata[1].key');
    expect(validatePayoutRuleInput(rule([pct(100, 'a')], { metadata: metadata.slice(0, 10) })).metadata).toHaveLength(10);
  });

  it('checks e-mail destinations and file types of report configurations, any file type name Dintero may use included', () => {
    const base = { fileTypes: ['pdf'], destinations: [{ type: 'EMAIL' as const, email: 'okonomi@example.no' }] };
    expect(newReportConfig(base).destinations).toEqual([{ id: null, type: 'EMAIL', email: 'okonomi@example.no' }]);
    expect(rejected(() => newReportConfig({ ...base, destinations: [{ type: 'EMAIL', email: 'not-an-address' }] })).path).toBe(
      'input.destinations[0].email',
    );
    expect(rejected(() => newReportConfig({ ...base, destinations: [{ type: 'EMAIL' }] })).path).toBe('input.destinations[0].email');
    expect(rejected(() => newReportConfig({ ...base, destinations: [{ type: 'ACCOUNT_EMAIL', email: 'a@b.no' }] })).path).toBe(
      'input.destinations[0].email',
    );
    // The seed types file types as free strings: a name Tally does not know is Dintero's to judge.
    expect(newReportConfig({ ...base, fileTypes: ['xlsx'] }).fileTypes).toEqual(['xlsx']);
    expect(rejected(() => newReportConfig({ ...base, fileTypes: [''] })).path).toBe('input.fileTypes[0]');
    expect(rejected(() => newReportConfig({ ...base, fileTypes: [] })).path).toBe('input.fileTypes');
    expect(rejected(() => newReportConfig({ ...base, fileTypes: ['pdf', 'pdf'] })).path).toBe('input.fileTypes');
    expect(rejected(() => newReportConfig({ destinations: [] })).path).toBe('input.fileTypes');
    expect(rejected(() => validateReportConfigChange({ payoutDestinationIds: ['a'], filters: [] })).path).toBe(
      'input.payoutDestinationIds',
    );
  });

  it('changes only what an update names: other filters, destination ids and values, and send_every stay', () => {
    const current = {
      fileTypes: ['pdf', 'x-future'],
      destinations: [
        { id: 'dst_1', type: 'ACCOUNT_EMAIL' as const, email: 'billing@merchant.example' },
        { id: 'dst_2', type: 'EMAIL' as const, email: 'Regnskap@example.no' },
      ],
      providers: ['vipps'],
      filters: [
        { filter: 'store_id', value: 'S1' },
        { filter: 'payout_destination_id', value: 'PD1' },
      ],
      sendEvery: 86_400_000,
    };
    expect(applyReportConfigChange(current, validateReportConfigChange({ fileTypes: ['csv'] }))).toEqual({
      ...current,
      fileTypes: ['csv'],
    });
    expect(applyReportConfigChange(current, validateReportConfigChange({ payoutDestinationIds: ['PD2'] })).filters).toEqual([
      { filter: 'store_id', value: 'S1' },
      { filter: 'payout_destination_id', value: 'PD2' },
    ]);
    expect(applyReportConfigChange(current, validateReportConfigChange({ filters: [] })).filters).toEqual([]);
    // A destination given again is the same destination (id and stored value); a new one has no id yet.
    expect(
      applyReportConfigChange(
        current,
        validateReportConfigChange({
          destinations: [
            { type: 'EMAIL', email: 'regnskap@example.no' },
            { type: 'ACCOUNT_EMAIL' },
            { type: 'EMAIL', email: 'ny@example.no' },
          ],
        }),
      ).destinations,
    ).toEqual([
      { id: 'dst_2', type: 'EMAIL', email: 'regnskap@example.no' },
      { id: 'dst_1', type: 'ACCOUNT_EMAIL', email: 'billing@merchant.example' },
      { id: null, type: 'EMAIL', email: 'ny@example.no' },
    ]);
  });

  it('validates an unsaved tree for the preview with its own argument prefix', () => {
    expect(rejected(() => validateDestinations([{ type: 'FLAT_AMOUNT', value: '-1', destination: 'a' }], 'destinations')).path).toBe(
      'destinations[0].value',
    );
  });
});

describe('split preview', () => {
  const total = (r: ReturnType<typeof splitAmount>) => r.allocations.reduce((s, a) => s + a.minorUnits, 0) + r.unallocatedMinorUnits;

  it('splits the documented commission example exactly: 2.5% platform, the rest to the seller', () => {
    const r = splitAmount([pct(2.5, 'platform'), rest(pct(100, 'seller'))], 49_990);
    // 2.5% of 49990 = 1249.75 -> 1249 (rounded down); the seller gets the 0.75 with the rest.
    expect(r.allocations).toEqual([
      { path: 'destinations[0]', type: 'PERCENTAGE', destination: 'platform', minorUnits: 1249 },
      { path: 'destinations[1].destinations[0]', type: 'PERCENTAGE', destination: 'seller', minorUnits: 48_741 },
    ]);
    expect(r.unallocatedMinorUnits).toBe(0);
  });

  it('takes flat amounts first, percentages of what is left, and hands rounding leftovers to the largest fractions', () => {
    // 1000 - 100 flat = 900; thirds of 900*... use 3 x 33.333333% of 901 to force rounding.
    const tree = [flat(99, 'fee'), pct(33.333333, 'a'), pct(33.333333, 'b'), pct(33.333334, 'c')];
    const r = splitAmount(tree, 1000);
    const by = Object.fromEntries(r.allocations.map((a) => [a.destination, a.minorUnits]));
    expect(by.fee).toBe(99);
    // 901 x 33.333333% = 300.333327..., 901 x 33.333334% = 300.333336...; floors 300+300+300 = 900, the total is 901 exactly,
    // so one leftover unit goes to the largest dropped fraction: c.
    expect([by.a, by.b, by.c]).toEqual([300, 300, 301]);
    expect(r.unallocatedMinorUnits).toBe(0);
    expect(total(r)).toBe(1000);
  });

  it('covers every node type in a nested tree and always adds up to the amount', () => {
    const tree = [
      flat(5_000, 'platform-fixed'),
      pct(10, 'platform'),
      rest(flat(300, 'logistics'), pct(12.5, 'marketing'), rest(pct(50, 'seller-a'), pct(50, 'seller-b'))),
    ];
    for (const amount of [0, 1, 7, 4_999, 5_000, 5_001, 123_457, 99_999_999, Number.MAX_SAFE_INTEGER]) {
      const r = splitAmount(tree, amount);
      expect(total(r)).toBe(amount);
      expect(r.allocations.every((a) => Number.isSafeInteger(a.minorUnits) && a.minorUnits >= 0)).toBe(true);
    }
    const r = splitAmount(tree, 100_001);
    expect(r.allocations.map((a) => [a.destination, a.minorUnits])).toEqual([
      ['platform-fixed', 5_000],
      // 10% of 95001 = 9500.1 -> 9500
      ['platform', 9_500],
      // left 85501: flat 300 -> 85201; 12.5% = 10650.125 -> 10650; left 74551
      ['logistics', 300],
      ['marketing', 10_650],
      // 50% + 50% of 74551 = 37275.5 each: floors 37275 + 37275, one unit for the tie goes to the earlier node.
      ['seller-a', 37_276],
      ['seller-b', 37_275],
    ]);
    expect(r.unallocatedMinorUnits).toBe(0);
  });

  it('reports what no node claims as unallocated and caps flat amounts at what is left', () => {
    const r = splitAmount([pct(30, 'a'), pct(20, 'b')], 999);
    // 299.7 + 199.8 = 499.5 -> 499 in total: floors 299 + 199, the leftover unit to the larger fraction (b's .8).
    expect(r.allocations.map((a) => a.minorUnits)).toEqual([299, 200]);
    expect(r.unallocatedMinorUnits).toBe(500);
    const small = splitAmount([flat(800, 'x'), flat(800, 'y'), rest(pct(100, 'z'))], 1000);
    expect(small.allocations.map((a) => a.minorUnits)).toEqual([800, 200, 0]);
  });

  it('refuses negative or fractional amounts', () => {
    expect(() => splitAmount([pct(100, 'a')], -1)).toThrow(TallyError);
    expect(() => splitAmount([pct(100, 'a')], 1.5)).toThrow(TallyError);
  });

  it("splits the seed's example tree, whose first node splits its 10% among nested destinations", () => {
    // seed 001 (docs/upstreams/dintero.md): 10% -> [500 flat to account-a, the rest -> 5.0% to account-b]; 500 flat to account-a; the rest -> 5% b, 95.0% c.
    const tree = validateDestinations(
      [
        {
          type: 'PERCENTAGE',
          value: '10',
          destinations: [
            { type: 'FLAT_AMOUNT', value: '500', destination: 'account-a' },
            { type: 'REMAINING_AMOUNT', destinations: [{ type: 'PERCENTAGE', value: '5.0', destination: 'account-b' }] },
          ],
        },
        { type: 'FLAT_AMOUNT', value: '500', destination: 'account-a' },
        {
          type: 'REMAINING_AMOUNT',
          destinations: [
            { type: 'PERCENTAGE', value: '5', destination: 'account-b' },
            { type: 'PERCENTAGE', value: '95.0', destination: 'account-c' },
          ],
        },
      ],
      'destinations',
    );
    expect(tree[0]?.value).toBe('10');
    expect(tree[0]?.destinations[1]?.destinations[0]?.value).toBe('5');
    const r = splitAmount(tree, 100_000);
    // Level 0: flat 500 first -> 99 500 left; 10% of it = 9 950 to node 0, split as 500 flat + 5% of 9 450 (472, 0.5 lost);
    // the remainder 99 500 - 9 950 = 89 550 -> 5% (4 477.5) and 95% (85 072.5): the tie's extra unit to the earlier node, 4 478 + 85 072.
    expect(r.allocations.map((a) => [a.path, a.destination, a.minorUnits])).toEqual([
      ['destinations[0].destinations[0]', 'account-a', 500],
      ['destinations[0].destinations[1].destinations[0]', 'account-b', 472],
      ['destinations[1]', 'account-a', 500],
      ['destinations[2].destinations[0]', 'account-b', 4478],
      ['destinations[2].destinations[1]', 'account-c', 85072],
    ]);
    expect(r.allocations.reduce((s, a) => s + a.minorUnits, 0) + r.unallocatedMinorUnits).toBe(100_000);
    expect(r.unallocatedMinorUnits).toBe(9450 - 472);
  });

  it('reads percentages as exact decimals, not binary fractions', () => {
    expect(parseDecimal('2.50')).toBe('2.5');
    expect(decimalFromJsonNumber(0.1)).toBe('0.1');
    // 0.1 + 0.2 !== 0.3 in floating point; 10 x (0.1%) of 1000000 must still be exactly 1000 each.
    const r = splitAmount(
      Array.from({ length: 10 }, (_, i) => pct(0.1, `d${i}`)),
      1_000_000,
    );
    expect(r.allocations.every((a) => a.minorUnits === 1000)).toBe(true);
    expect(r.unallocatedMinorUnits).toBe(990_000);
  });
});
