import { minorToDecimal, parseMinorUnits } from './format';

export type NodeType = 'PERCENTAGE' | 'FLAT_AMOUNT' | 'REMAINING_AMOUNT';

/** One node of the tree being edited; `value` is what the person typed. */
export interface TreeNode {
  key: string;
  type: NodeType;
  /** PERCENTAGE: the percentage ("12.5"); FLAT_AMOUNT: the amount in the editor's currency ("150.00"). */
  value: string;
  destination: string;
  children: TreeNode[];
}

/** The shape of `PayoutDestinationInput` (and of the `PayoutDestination` the gateway returns). */
export interface DestinationInput {
  type: NodeType;
  /** An exact decimal (the schema's `Decimal`): a percentage, or a whole number of minor units. */
  value?: string | null;
  destination?: string | null;
  destinations?: DestinationInput[] | null;
}

/** The most a tree may nest (the gateway refuses deeper trees; see `PayoutDestinationInput`). */
export const MAX_DEPTH = 5;

let counter = 0;
export const newKey = () => `n${++counter}`;

export function newNode(type: NodeType = 'PERCENTAGE'): TreeNode {
  return { key: newKey(), type, value: '', destination: '', children: type === 'REMAINING_AMOUNT' ? [newNode()] : [] };
}

/** A stored rule's tree as editable nodes; flat amounts (minor units upstream) shown in the editor's currency. */
export function fromDestinations(nodes: ReadonlyArray<DestinationInput>, exponent: number): TreeNode[] {
  return nodes.map((n) => ({
    key: newKey(),
    type: n.type,
    value: n.value == null ? '' : n.type === 'FLAT_AMOUNT' && /^\d+$/.test(n.value) ? minorToDecimal(Number(n.value), exponent) : n.value,
    destination: n.destination ?? '',
    children: fromDestinations(n.destinations ?? [], exponent),
  }));
}

/**
 * The tree as the gateway's input, plus what cannot even be put into that input (text that is not
 * a number). Everything else (ranges, decimals, sums per level, depth) is left to the gateway's
 * validation, the one set of rules, so the editor never disagrees with what a save would say.
 */
export function toInput(
  nodes: ReadonlyArray<TreeNode>,
  exponent: number,
): { destinations: DestinationInput[]; problems: Map<string, string> } {
  const problems = new Map<string, string>();
  const convert = (list: ReadonlyArray<TreeNode>): DestinationInput[] =>
    list.map((n) => {
      if (n.type === 'REMAINING_AMOUNT') return { type: n.type, destinations: convert(n.children) };
      const text = n.value.trim();
      let value: string | null = null;
      if (text !== '') {
        if (n.type === 'PERCENTAGE') {
          const normalised = text.replace(',', '.');
          if (/^-?\d+(\.\d+)?$/.test(normalised)) value = normalised;
          else problems.set(n.key, 'Type a percentage as a number, e.g. 12.5.');
        } else {
          const minor = parseMinorUnits(text, exponent);
          value = minor === null ? null : String(minor);
          if (minor === null)
            problems.set(n.key, `Type an amount with at most ${exponent} decimals, e.g. ${minorToDecimal(15000, exponent)}.`);
        }
      }
      return { type: n.type, value, destination: n.destination.trim() || null };
    });
  return { destinations: convert(nodes), problems };
}

/** Where an issue of the gateway's validation points: a node (by its indices) and a field, or a whole level. */
export interface IssueTarget {
  indices: number[];
  /** `value`, `destination`, `type`; null for the node as a whole; `level` for the list of destinations under `indices`. */
  field: string | null;
}

/**
 * Reads a validation path such as `input.destinations[1].destinations[0].value` (createPayoutRule)
 * or `destinations[2]` (payoutSplitPreview). Null for paths outside the tree (`input.ruleId`).
 */
export function parseIssuePath(path: string): IssueTarget | null {
  const match = /^(?:input\.)?destinations((?:\[\d+\](?:\.destinations)?)*)((?:\.\w+)?)$/.exec(path);
  if (!match) return null;
  const steps = match[1] ?? '';
  const indices = [...steps.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  const endsOnLevel = steps === '' || steps.endsWith('.destinations');
  const field = (match[2] ?? '').slice(1);
  if (endsOnLevel && field === '') return { indices, field: 'level' };
  if (field === 'destinations') return { indices, field: 'level' };
  return { indices, field: field || null };
}

/** The node at `indices`, or undefined. */
export function nodeAt(nodes: ReadonlyArray<TreeNode>, indices: ReadonlyArray<number>): TreeNode | undefined {
  let level: ReadonlyArray<TreeNode> = nodes;
  let node: TreeNode | undefined;
  for (const i of indices) {
    node = level[i];
    if (!node) return undefined;
    level = node.children;
  }
  return node;
}

/** `destinations[1].destinations[0]`: a node's path as the split preview's allocations name it. */
export function allocationPath(indices: ReadonlyArray<number>): string {
  return indices.map((i) => `destinations[${i}]`).join('.');
}

/** The tree with the node at `indices` replaced by `update(node)` (null removes it). */
export function updateAt(
  nodes: ReadonlyArray<TreeNode>,
  indices: ReadonlyArray<number>,
  update: (n: TreeNode) => TreeNode | null,
): TreeNode[] {
  const [head, ...rest] = indices;
  const out: TreeNode[] = [];
  nodes.forEach((n, i) => {
    if (i !== head) out.push(n);
    else if (rest.length === 0) {
      const next = update(n);
      if (next) out.push(next);
    } else out.push({ ...n, children: updateAt(n.children, rest, update) });
  });
  return out;
}

/** A random idempotency key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function idempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
