import { describe, expect, it } from 'vitest';
import { minorToDecimal, parseMinorUnits } from './format';
import { allocationPath, fromDestinations, nodeAt, parseIssuePath, toInput, updateAt, type TreeNode } from './payout-tree';

const leaf = (key: string, type: TreeNode['type'], value: string, destination: string): TreeNode => ({
  key,
  type,
  value,
  destination,
  children: [],
});

describe('payout tree editing', () => {
  it('reads the gateway validation paths of createPayoutRule and payoutSplitPreview onto nodes and levels', () => {
    expect(parseIssuePath('input.destinations[1].destinations[0].value')).toEqual({ indices: [1, 0], field: 'value' });
    expect(parseIssuePath('destinations[2].destination')).toEqual({ indices: [2], field: 'destination' });
    expect(parseIssuePath('destinations[2]')).toEqual({ indices: [2], field: null });
    // A level's own problems (percentages over 100 %, a REMAINING_AMOUNT without children).
    expect(parseIssuePath('destinations')).toEqual({ indices: [], field: 'level' });
    expect(parseIssuePath('input.destinations[0].destinations')).toEqual({ indices: [0], field: 'level' });
    expect(parseIssuePath('input.ruleId')).toBeNull();
    expect(parseIssuePath('input.expectedVersion')).toBeNull();
  });

  it('turns typed text into the exact input: percentages as numbers, flat amounts in minor units, text that is no number kept back', () => {
    const nodes: TreeNode[] = [
      leaf('a', 'PERCENTAGE', '12,5', ' PD001 '),
      leaf('b', 'FLAT_AMOUNT', '150.05', 'PD002'),
      {
        key: 'c',
        type: 'REMAINING_AMOUNT',
        value: '',
        destination: '',
        children: [leaf('d', 'PERCENTAGE', 'abc', 'PD003'), leaf('e', 'FLAT_AMOUNT', '1.234', 'PD004')],
      },
    ];
    const { destinations, problems } = toInput(nodes, 2);
    expect(destinations).toEqual([
      { type: 'PERCENTAGE', value: '12.5', destination: 'PD001' },
      { type: 'FLAT_AMOUNT', value: '15005', destination: 'PD002' },
      {
        type: 'REMAINING_AMOUNT',
        destinations: [
          { type: 'PERCENTAGE', value: null, destination: 'PD003' },
          { type: 'FLAT_AMOUNT', value: null, destination: 'PD004' },
        ],
      },
    ]);
    expect([...problems.keys()]).toEqual(['d', 'e']);
  });

  it('round-trips a stored tree, finds nodes by path and edits one node without touching the others', () => {
    const tree = fromDestinations(
      [
        { type: 'FLAT_AMOUNT', value: '15000', destination: 'PD001' },
        { type: 'REMAINING_AMOUNT', destinations: [{ type: 'PERCENTAGE', value: '33.333333', destination: 'PD002' }] },
      ],
      2,
    );
    expect(tree[0]?.value).toBe('150.00');
    expect(nodeAt(tree, [1, 0])?.destination).toBe('PD002');
    expect(allocationPath([1, 0])).toBe('destinations[1].destinations[0]');
    const edited = updateAt(tree, [1, 0], (n) => ({ ...n, value: '40' }));
    expect(nodeAt(edited, [1, 0])?.value).toBe('40');
    expect(edited[0]).toBe(tree[0]);
    expect(updateAt(tree, [0], () => null)).toHaveLength(1);
    expect(toInput(tree, 2).destinations[0]).toEqual({ type: 'FLAT_AMOUNT', value: '15000', destination: 'PD001' });
    expect(nodeAt(tree, [1, 0])?.value).toBe('33.333333');
  });

  it('parses amounts exactly into minor units, also past what a float holds exactly', () => {
    expect(parseMinorUnits('1 234,50', 2)).toBe(123450);
    expect(parseMinorUnits('0.1', 2)).toBe(10);
    expect(parseMinorUnits('90071992547409.91', 2)).toBe(9007199254740991);
    expect(parseMinorUnits('90071992547409.92', 2)).toBeNull();
    expect(parseMinorUnits('1.005', 2)).toBeNull();
    expect(parseMinorUnits('-5', 2)).toBeNull();
    expect(parseMinorUnits('12', 0)).toBe(12);
    expect(minorToDecimal(-7, 2)).toBe('-0.07');
    expect(minorToDecimal(15000, 0)).toBe('15000');
  });
});
