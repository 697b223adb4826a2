import { formatMoney } from '../format';
import type { Money } from '../fragments';
import { allocationPath, MAX_DEPTH, newNode, type NodeType, type TreeNode } from '../payout-tree';
import type { NodeIssues } from './issues';

const TYPE_LABELS: Record<NodeType, string> = {
  PERCENTAGE: 'Percentage',
  FLAT_AMOUNT: 'Flat amount',
  REMAINING_AMOUNT: 'The rest, split further',
};

/** The `<datalist>` of the account's known payout destinations, one per editor. */
export const DESTINATIONS_LIST = 'known-payout-destinations';

/** What every node of the tree reads: the same for the whole tree, passed down as one value. */
export interface TreeView {
  /** The account's known payout destinations (offered in `DESTINATIONS_LIST`). */
  known: ReadonlyArray<string>;
  /** Messages by node, keyed by the node's indices joined with `.`. */
  placed: ReadonlyMap<string, NodeIssues>;
  /** Each paying node's share in the preview, by allocation path. */
  shares: ReadonlyMap<string, Money>;
  currency: string;
  /** Replaces the node at `indices` by `update(node)`; null removes it. */
  onChange: (indices: number[], update: (n: TreeNode) => TreeNode | null) => void;
}

/** A destination typed that the account's settlements, rules and report filters never name. */
export function isNewDestination(known: ReadonlyArray<string>, destination: string): boolean {
  const d = destination.trim();
  return d !== '' && known.length > 0 && !known.includes(d);
}

/** Messages about a whole level (its percentages add up to more than 100, it is empty...). */
export function LevelIssues({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="field-error level-error" role="alert">
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}

/** One level of the tree: its nodes in order, and the buttons that add to it. */
export function DestinationLevel({
  nodes,
  prefix,
  view,
  onAdd,
}: {
  nodes: TreeNode[];
  prefix: number[];
  view: TreeView;
  onAdd: (type: NodeType) => void;
}) {
  return (
    <>
      <ol className="level">
        {nodes.map((node, i) => (
          <DestinationNode key={node.key} node={node} indices={[...prefix, i]} view={view} />
        ))}
      </ol>
      <div className="add">
        <button type="button" onClick={() => onAdd('PERCENTAGE')}>
          Add percentage
        </button>
        <button type="button" onClick={() => onAdd('FLAT_AMOUNT')}>
          Add flat amount
        </button>
        {prefix.length < MAX_DEPTH - 1 ? (
          <button type="button" onClick={() => onAdd('REMAINING_AMOUNT')}>
            Add the rest, split further
          </button>
        ) : null}
      </div>
    </>
  );
}

/** One node: how it takes its share, its value and destination (or its nested level), its share in the preview, and its messages. */
function DestinationNode({ node, indices, view }: { node: TreeNode; indices: number[]; view: TreeView }) {
  const { known, placed, shares, currency, onChange } = view;
  const path = allocationPath(indices);
  const issues = placed.get(indices.join('.'));
  const id = `node-${node.key}`;
  const share = shares.get(path);
  const label = indices.map((x) => x + 1).join('.');
  const isNew = isNewDestination(known, node.destination);
  const invalid = Boolean(issues && (issues.node.length || issues.value.length || issues.destination.length));
  const changeType = (type: NodeType) =>
    onChange(indices, (n) => ({
      ...n,
      type,
      value: type === 'REMAINING_AMOUNT' ? '' : n.value,
      children: type === 'REMAINING_AMOUNT' ? (n.children.length > 0 ? n.children : [newNode()]) : [],
    }));
  return (
    <li className={`node ${invalid ? 'invalid' : ''}`} data-node-path={path}>
      <fieldset>
        <legend>Destination {label}</legend>
        <div className="row">
          <label>
            Takes
            <select value={node.type} onChange={(e) => changeType(e.target.value as NodeType)}>
              {(Object.keys(TYPE_LABELS) as NodeType[]).map((t) => (
                <option key={t} value={t}>
                  {TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </label>
          {node.type !== 'REMAINING_AMOUNT' ? (
            <>
              <label>
                {node.type === 'PERCENTAGE' ? 'Percentage' : `Amount (${currency})`}
                <input
                  type="text"
                  inputMode="decimal"
                  className="value"
                  value={node.value}
                  aria-invalid={Boolean(issues?.value.length)}
                  aria-describedby={issues?.value.length ? `${id}-value-error` : undefined}
                  onChange={(e) => onChange(indices, (n) => ({ ...n, value: e.target.value }))}
                />
              </label>
              <label>
                Paid to
                <input
                  type="text"
                  className="destination"
                  list={DESTINATIONS_LIST}
                  value={node.destination}
                  placeholder="payout destination id"
                  aria-invalid={Boolean(issues?.destination.length)}
                  aria-describedby={issues?.destination.length ? `${id}-destination-error` : isNew ? `${id}-destination-new` : undefined}
                  onChange={(e) => onChange(indices, (n) => ({ ...n, destination: e.target.value }))}
                />
              </label>
            </>
          ) : null}
          {share ? (
            <output className="share" data-minor-units={share.minorUnits} aria-label={`Share of destination ${label}`}>
              {formatMoney(share)}
            </output>
          ) : null}
          <button
            type="button"
            className="link danger"
            onClick={() => onChange(indices, () => null)}
            aria-label={`Remove destination ${label}`}
          >
            Remove
          </button>
        </div>
        {issues?.value.length ? (
          <p className="field-error" id={`${id}-value-error`} role="alert">
            {issues.value.join(' ')}
          </p>
        ) : null}
        {issues?.destination.length ? (
          <p className="field-error" id={`${id}-destination-error`} role="alert">
            {issues.destination.join(' ')}
          </p>
        ) : isNew ? (
          <p className="warn small" id={`${id}-destination-new`}>
            {node.destination.trim()} is not among the payout destinations this account is known to pay ({known.join(', ')}): check it is a
            new seller, not a typo.
          </p>
        ) : null}
        {issues?.node.length ? (
          <p className="field-error" role="alert">
            {issues.node.join(' ')}
          </p>
        ) : null}
        {node.type === 'REMAINING_AMOUNT' ? (
          <div className="nested">
            <LevelIssues messages={issues?.level ?? []} />
            <DestinationLevel
              nodes={node.children}
              prefix={indices}
              view={view}
              onAdd={(type) => onChange(indices, (n) => ({ ...n, children: [...n.children, newNode(type)] }))}
            />
          </div>
        ) : null}
      </fieldset>
    </li>
  );
}
