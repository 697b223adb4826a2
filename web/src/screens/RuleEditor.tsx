import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useClient, useMutation, useQuery, type CombinedError } from 'urql';
import { DestinationOptions, useKnownDestinations } from '../destinations';
import { ErrorNotice, errorsAt } from '../errors';
import { currencyExponent, formatMoney, parseMinorUnits } from '../format';
import { money } from '../fragments';
import { getFragmentData } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import type { WebPayoutRuleFieldsFragment } from '../__generated__/graphql';
import {
  allocationPath,
  fromDestinations,
  idempotencyKey,
  MAX_DEPTH,
  newNode,
  nodeAt,
  parseIssuePath,
  toInput,
  updateAt,
  type DestinationInput,
  type NodeType,
  type TreeNode,
} from '../payout-tree';
import { href, navigate } from '../router';
import { TreeSummary } from './TreeSummary';

/**
 * A rule with its whole tree. A node's three fields are written out at each level rather than
 * spread from a fragment of their own: with fragment masking that fragment would hide them from the
 * tree code, which reads the rule as one plain value.
 */
export const RuleFieldsFragment = graphql(`
  fragment WebPayoutRuleFields on PayoutRule {
    id
    payoutRuleId
    accountId
    ruleType
    ruleId
    ruleVersion
    isDeleted
    createdAt
    updatedAt
    destinations {
      type
      value
      destination
      destinations {
        type
        value
        destination
        destinations {
          type
          value
          destination
          destinations {
            type
            value
            destination
            destinations {
              type
              value
              destination
            }
          }
        }
      }
    }
  }
`);

export type RuleFields = WebPayoutRuleFieldsFragment;

const SplitPreviewQuery = graphql(`
  query WebSplitPreview($amount: SafeInt!, $currency: String!, $destinations: [PayoutDestinationInput!]!) {
    payoutSplitPreview(amount: $amount, currency: $currency, destinations: $destinations) {
      amount {
        ...MoneyFields
      }
      allocated {
        ...MoneyFields
      }
      unallocated {
        ...MoneyFields
      }
      allocations {
        path
        type
        destination
        amount {
          ...MoneyFields
        }
      }
    }
  }
`);

const CreateRuleMutation = graphql(`
  mutation WebCreatePayoutRule($input: CreatePayoutRuleInput!) {
    createPayoutRule(input: $input) {
      replayed
      payoutRule {
        ...WebPayoutRuleFields
      }
    }
  }
`);

const UpdateRuleMutation = graphql(`
  mutation WebUpdatePayoutRule($input: UpdatePayoutRuleInput!) {
    updatePayoutRule(input: $input) {
      interleavedWrite
      payoutRule {
        ...WebPayoutRuleFields
      }
    }
  }
`);

const CurrentRuleQuery = graphql(`
  query WebCurrentPayoutRule($id: ID!) {
    node(id: $id) {
      __typename
      id
      ...WebPayoutRuleFields
    }
  }
`);

const CURRENCIES = ['NOK', 'SEK', 'DKK', 'EUR'];
const TYPE_LABELS: Record<NodeType, string> = { PERCENTAGE: 'Percentage', FLAT_AMOUNT: 'Flat amount', REMAINING_AMOUNT: 'The rest, split further' };

interface Issue {
  path: string;
  message: string;
}

/** The validation issues of a refused input (`extensions.issues`, or the one `extensions.path`). */
function issuesOf(error: CombinedError | undefined): Issue[] {
  const out: Issue[] = [];
  for (const e of error?.graphQLErrors ?? []) {
    const ext = e.extensions as { code?: string; path?: unknown; issues?: unknown };
    if (ext.code !== 'BAD_USER_INPUT') continue;
    if (Array.isArray(ext.issues)) {
      for (const i of ext.issues as Array<{ path?: unknown; message?: unknown }>) {
        if (typeof i.path === 'string' && typeof i.message === 'string') out.push({ path: i.path, message: i.message });
      }
    } else if (typeof ext.path === 'string') out.push({ path: ext.path, message: e.message.replace(/^[\w.[\]]+: /, '') });
  }
  return out;
}

/** A stale `expectedVersion`: someone saved the rule since it was opened here. */
function isConflict(error: CombinedError | undefined): boolean {
  return (error?.graphQLErrors ?? []).some((e) => {
    const ext = e.extensions as { code?: string; path?: unknown };
    return ext.code === 'CONFLICT' || ext.code === 'VERSION_CONFLICT' || ext.path === 'input.expectedVersion';
  });
}

interface NodeIssues {
  node: string[];
  value: string[];
  destination: string[];
  level: string[];
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'refused'; issues: Issue[]; error: CombinedError }
  | { kind: 'conflict'; current: RuleFields | null; error: CombinedError }
  | { kind: 'failed'; error: CombinedError };

/**
 * The payout rule editor: the destination tree edited as a tree, the gateway's exact split preview
 * of an amount as the person types, the gateway's validation shown on the node it concerns, a
 * create that is safe to repeat (one idempotency key per rule being created) and an update that
 * refuses to overwrite a newer version, showing that version instead.
 */
export function RuleEditor({ accountId, rule }: { accountId: string; rule: RuleFields | null }) {
  const client = useClient();
  const [currency, setCurrency] = useState('NOK');
  const exponent = currencyExponent(currency);
  const [ruleType, setRuleType] = useState(rule?.ruleType ?? 'order.items.store.id');
  const [ruleId, setRuleId] = useState(rule?.ruleId ?? '');
  const [nodes, setNodes] = useState<TreeNode[]>(() => (rule ? fromDestinations(rule.destinations as DestinationInput[], exponent) : [newNode()]));
  const [amountText, setAmountText] = useState('1000.00');
  const [expectedVersion, setExpectedVersion] = useState(rule?.ruleVersion ?? null);
  // One key per rule being created: repeating a create whose answer was lost cannot make a second rule.
  const [key, setKey] = useState(idempotencyKey);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  // A node the person has not touched yet is not marked wrong until they try to save.
  const [triedToSave, setTriedToSave] = useState(false);
  const [, createRule] = useMutation(CreateRuleMutation);
  const [, updateRule] = useMutation(UpdateRuleMutation);
  const known = useKnownDestinations(accountId);

  // Any edit makes the last refusal stale: the live preview validates the tree as it is now.
  const edit = (update: (nodes: TreeNode[]) => TreeNode[]) => {
    setNodes(update);
    if (save.kind === 'refused' || save.kind === 'failed') setSave({ kind: 'idle' });
  };

  const { destinations, problems } = useMemo(() => toInput(nodes, exponent), [nodes, exponent]);
  const amount = parseMinorUnits(amountText, exponent);
  const previewInput = useDebounced(useMemo(() => ({ destinations, currency, amount }), [destinations, currency, amount]), 250);
  const [preview] = useQuery({
    query: SplitPreviewQuery,
    variables: { amount: previewInput.amount ?? 0, currency: previewInput.currency, destinations: previewInput.destinations },
    pause: problems.size > 0 || previewInput.amount === null,
  });
  const previewIssues = issuesOf(preview.error);
  const saveIssues = save.kind === 'refused' ? save.issues : [];

  // Every message, placed on the node (or level) it concerns.
  const placed = new Map<string, NodeIssues>();
  const at = (indices: number[]) => {
    const k = indices.join('.');
    let v = placed.get(k);
    if (!v) placed.set(k, (v = { node: [], value: [], destination: [], level: [] }));
    return v;
  };
  const unplaced: Issue[] = [];
  for (const issue of [...previewIssues, ...saveIssues]) {
    const target = parseIssuePath(issue.path);
    if (!target || (target.indices.length > 0 && !nodeAt(nodes, target.indices))) {
      unplaced.push(issue);
      continue;
    }
    const node = nodeAt(nodes, target.indices);
    if (node && !triedToSave && node.value.trim() === '' && node.destination.trim() === '' && node.type !== 'REMAINING_AMOUNT') continue;
    const slot = at(target.indices);
    const list = target.field === 'value' ? slot.value : target.field === 'destination' ? slot.destination : target.field === 'level' ? slot.level : slot.node;
    if (!list.includes(issue.message)) list.push(issue.message);
  }
  const locate = (list: ReadonlyArray<TreeNode>, prefix: number[]) =>
    list.forEach((n, i) => {
      const problem = problems.get(n.key);
      if (problem) at([...prefix, i]).value.push(problem);
      locate(n.children, [...prefix, i]);
    });
  locate(nodes, []);

  const shares = new Map((preview.data?.payoutSplitPreview.allocations ?? []).map((a) => [a.path, money(a.amount)]));
  const previewStale = previewInput.destinations !== destinations || previewInput.amount !== amount;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTriedToSave(true);
    if (problems.size > 0) return;
    setSave({ kind: 'saving' });
    // The gateway's validation first, with nothing sent upstream: a tree it refuses is never written.
    const check = await client.query(SplitPreviewQuery, { amount: amount ?? 0, currency, destinations }, { requestPolicy: 'network-only' }).toPromise();
    const issues = issuesOf(check.error);
    if (issues.length > 0 && check.error) return setSave({ kind: 'refused', issues, error: check.error });
    if (check.error) return setSave({ kind: 'failed', error: check.error });

    if (!rule) {
      const res = await createRule({ input: { accountId, ruleType, ruleId, destinations, idempotencyKey: key } });
      if (res.error) return setSave(issuesOf(res.error).length > 0 ? { kind: 'refused', issues: issuesOf(res.error), error: res.error } : { kind: 'failed', error: res.error });
      setKey(idempotencyKey());
      navigate(href(['payout-rules'], { account: accountId, saved: res.data ? getFragmentData(RuleFieldsFragment, res.data.createPayoutRule.payoutRule).ruleId : null }));
      return;
    }
    const res = await updateRule({ input: { id: rule.id, ruleType, ruleId, destinations, expectedVersion } });
    if (res.error && isConflict(res.error)) {
      const current = await client.query(CurrentRuleQuery, { id: rule.id }, { requestPolicy: 'network-only' }).toPromise();
      const node = current.data?.node;
      return setSave({ kind: 'conflict', current: node && node.__typename === 'PayoutRule' ? getFragmentData(RuleFieldsFragment, node) : null, error: res.error });
    }
    if (res.error) return setSave(issuesOf(res.error).length > 0 ? { kind: 'refused', issues: issuesOf(res.error), error: res.error } : { kind: 'failed', error: res.error });
    navigate(
      href(['payout-rules'], {
        account: accountId,
        saved: res.data ? getFragmentData(RuleFieldsFragment, res.data.updatePayoutRule.payoutRule).ruleId : null,
        interleaved: res.data?.updatePayoutRule.interleavedWrite ? '1' : null,
      }),
    );
  };

  const hasIssues = problems.size > 0 || previewIssues.length > 0;
  return (
    <form className="rule-editor" onSubmit={submit} aria-label={rule ? `Payout rule ${rule.ruleId}` : 'New payout rule'} noValidate>
      <div className="rule-head">
        <p>
          Account <strong>{accountId}</strong>
          {rule ? (
            <>
              {' '}
              · rule <code>{rule.payoutRuleId}</code> · version <strong data-testid="rule-version">{rule.ruleVersion}</strong>
            </>
          ) : null}
        </p>
        <label>
          Applies to payments where
          <input type="text" value={ruleType} onChange={(e) => setRuleType(e.target.value)} />
        </label>
        <label>
          equals
          <input type="text" value={ruleId} placeholder="e.g. store-42" onChange={(e) => setRuleId(e.target.value)} />
        </label>
      </div>

      <div className="editor-body">
        <div className="tree" role="group" aria-label="Split tree">
          <h2>Split</h2>
          <LevelIssues messages={placed.get('')?.level ?? []} />
          <DestinationOptions id={DESTINATIONS_LIST} known={known} />
          <Level
            known={known}
            nodes={nodes}
            prefix={[]}
            placed={placed}
            shares={shares}
            currency={currency}
            onChange={(indices, update) => edit((n) => updateAt(n, indices, update))}
            onAdd={(type) => edit((n) => [...n, newNode(type)])}
          />
        </div>

        <aside className="preview" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          <div className="row">
            <label>
              Split an amount of
              <input type="text" inputMode="decimal" value={amountText} aria-invalid={amount === null} onChange={(e) => setAmountText(e.target.value)} />
            </label>
            <label>
              Currency
              <select value={currency} onChange={(e) => setCurrency(e.target.value)}>
                {CURRENCIES.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
          </div>
          {amount === null ? <p className="field-error">Type an amount with at most {exponent} decimals.</p> : null}
          {hasIssues ? <p className="muted">Complete the destinations (and fix any marked one) to see the split.</p> : null}
          {!hasIssues && preview.data ? (
            <dl className={`split ${previewStale || preview.fetching ? 'stale' : ''}`} aria-live="polite" data-testid="split">
              <dt>Allocated</dt>
              <dd data-minor-units={money(preview.data.payoutSplitPreview.allocated).minorUnits}>{formatMoney(money(preview.data.payoutSplitPreview.allocated))}</dd>
              <dt>Stays with the account</dt>
              <dd data-minor-units={money(preview.data.payoutSplitPreview.unallocated).minorUnits}>{formatMoney(money(preview.data.payoutSplitPreview.unallocated))}</dd>
            </dl>
          ) : null}
          <ErrorNotice errors={previewIssues.length > 0 ? [] : errorsAt(preview.error)} title="The preview failed." />
        </aside>
      </div>

      {unplaced.length > 0 ? <ErrorNotice errors={unplaced.map((i) => ({ message: `${i.path}: ${i.message}`, code: 'BAD_USER_INPUT' }))} /> : null}
      {save.kind === 'failed' ? <ErrorNotice errors={errorsAt(save.error)} title="Not saved." /> : null}
      {save.kind === 'refused' ? (
        <p className="field-error" role="alert">
          Not saved: Tally refused the rule; see the marked destinations.
        </p>
      ) : null}
      {save.kind === 'conflict' ? (
        <Conflict
          current={save.current}
          onLoad={(current) => {
            setNodes(fromDestinations(current.destinations as DestinationInput[], exponent));
            setRuleType(current.ruleType);
            setRuleId(current.ruleId);
            setExpectedVersion(current.ruleVersion ?? null);
            setSave({ kind: 'idle' });
          }}
          onOverwrite={(current) => {
            setExpectedVersion(current.ruleVersion ?? null);
            setSave({ kind: 'idle' });
          }}
        />
      ) : null}

      <div className="actions">
        <button type="submit" className="primary" disabled={save.kind === 'saving'}>
          {save.kind === 'saving' ? 'Saving…' : rule ? 'Save new version' : 'Create rule'}
        </button>
        <a href={href(['payout-rules'], { account: accountId })}>Cancel</a>
        {!rule ? <span className="muted small">Idempotency key {key}</span> : null}
      </div>
    </form>
  );
}

/** A destination typed that the account's settlements, rules and report filters never name. */
function isNewDestination(known: ReadonlyArray<string>, destination: string): boolean {
  const d = destination.trim();
  return d !== '' && known.length > 0 && !known.includes(d);
}

function LevelIssues({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="field-error level-error" role="alert">
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}

/** The `<datalist>` of the account's known payout destinations, one per editor. */
const DESTINATIONS_LIST = 'known-payout-destinations';

interface LevelProps {
  known: ReadonlyArray<string>;
  nodes: TreeNode[];
  prefix: number[];
  placed: Map<string, NodeIssues>;
  shares: Map<string, { amount: string; currency: string; exponent: number; minorUnits: number }>;
  currency: string;
  onChange: (indices: number[], update: (n: TreeNode) => TreeNode | null) => void;
  onAdd: (type: NodeType) => void;
}

function Level({ known, nodes, prefix, placed, shares, currency, onChange, onAdd }: LevelProps) {
  return (
    <>
      <ol className="level">
        {nodes.map((node, i) => {
          const indices = [...prefix, i];
          const path = allocationPath(indices);
          const issues = placed.get(indices.join('.'));
          const id = `node-${node.key}`;
          const share = shares.get(path);
          const label = indices.map((x) => x + 1).join('.');
          return (
            <li key={node.key} className={`node ${issues && (issues.node.length || issues.value.length || issues.destination.length) ? 'invalid' : ''}`} data-node-path={path}>
              <fieldset>
                <legend>Destination {label}</legend>
                <div className="row">
                  <label>
                    Takes
                    <select
                      value={node.type}
                      onChange={(e) => {
                        const type = e.target.value as NodeType;
                        onChange(indices, (n) => ({ ...n, type, value: type === 'REMAINING_AMOUNT' ? '' : n.value, children: type === 'REMAINING_AMOUNT' ? (n.children.length > 0 ? n.children : [newNode()]) : [] }));
                      }}
                    >
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
                          aria-describedby={issues?.destination.length ? `${id}-destination-error` : isNewDestination(known, node.destination) ? `${id}-destination-new` : undefined}
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
                  <button type="button" className="link danger" onClick={() => onChange(indices, () => null)} aria-label={`Remove destination ${label}`}>
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
                ) : isNewDestination(known, node.destination) ? (
                  <p className="warn small" id={`${id}-destination-new`}>
                    {node.destination.trim()} is not among the payout destinations this account is known to pay ({known.join(', ')}): check it is a new seller, not a typo.
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
                    <Level
                      known={known}
                      nodes={node.children}
                      prefix={indices}
                      placed={placed}
                      shares={shares}
                      currency={currency}
                      onChange={onChange}
                      onAdd={(type) => onChange(indices, (n) => ({ ...n, children: [...n.children, newNode(type)] }))}
                    />
                  </div>
                ) : null}
              </fieldset>
            </li>
          );
        })}
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

function Conflict({ current, onLoad, onOverwrite }: { current: RuleFields | null; onLoad: (r: RuleFields) => void; onOverwrite: (r: RuleFields) => void }) {
  return (
    <div className="conflict" role="alert">
      <p>
        <strong>Not saved: someone changed this rule since you opened it.</strong>{' '}
        {current ? (
          <>
            It is now at version <strong data-testid="current-version">{current.ruleVersion}</strong>:
          </>
        ) : (
          'It may have been deleted.'
        )}
      </p>
      {current ? (
        <>
          <TreeSummary nodes={current.destinations as DestinationInput[]} />
          <button type="button" onClick={() => onLoad(current)}>
            Edit the current version instead
          </button>{' '}
          <button type="button" onClick={() => onOverwrite(current)}>
            Keep my changes (save over version {current.ruleVersion})
          </button>
        </>
      ) : null}
    </div>
  );
}
