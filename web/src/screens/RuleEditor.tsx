import { useMemo, useReducer, type FormEvent } from 'react';
import { DestinationOptions, useKnownDestinations } from '../destinations';
import { ErrorNotice, errorsAt } from '../errors';
import { currencyExponent, parseMinorUnits } from '../format';
import { newNode, toInput, updateAt } from '../payout-tree';
import { href } from '../router';
import { Conflict } from '../rule-editor/Conflict';
import { DESTINATIONS_LIST, DestinationLevel, LevelIssues, type TreeView } from '../rule-editor/DestinationTree';
import { placeIssues } from '../rule-editor/issues';
import { RuleFieldsFragment, type RuleFields } from '../rule-editor/rule-fields';
import { initialRuleForm, ruleForm } from '../rule-editor/rule-form';
import { PreviewPanel, useSplitPreview } from '../rule-editor/SplitPreview';
import { useSaveRule } from '../rule-editor/use-save-rule';

export { RuleFieldsFragment, type RuleFields };

/**
 * The payout rule editor: the destination tree edited as a tree, the gateway's exact split preview
 * of an amount as the person types, the gateway's validation shown on the node it concerns, a
 * create that is safe to repeat (one idempotency key per rule being created) and an update that
 * refuses to overwrite a newer version, showing that version instead. Its state is one value
 * (`web/src/rule-editor/rule-form.ts`), changed only through the form's actions; the tree, the preview, the
 * conflict and the save live in `web/src/rule-editor/`.
 */
export function RuleEditor({ accountId, rule }: { accountId: string; rule: RuleFields | null }) {
  const [state, dispatch] = useReducer(ruleForm, rule, (r) => initialRuleForm(r));
  const exponent = currencyExponent(state.currency);
  const known = useKnownDestinations(accountId);
  const save = useSaveRule(accountId, rule, dispatch);

  const { destinations, problems } = useMemo(() => toInput(state.nodes, exponent), [state.nodes, exponent]);
  const amount = parseMinorUnits(state.amountText, exponent);
  const preview = useSplitPreview(destinations, state.currency, amount, problems.size > 0);
  const { placed, unplaced } = placeIssues(
    state.nodes,
    problems,
    [...preview.issues, ...(state.save.kind === 'refused' ? state.save.issues : [])],
    state.triedToSave,
  );
  const view: TreeView = {
    known,
    placed,
    shares: preview.shares,
    currency: state.currency,
    onChange: (indices, update) => dispatch({ type: 'tree', update: (n) => updateAt(n, indices, update) }),
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    dispatch({ type: 'submit' });
    if (problems.size > 0) return;
    void save(state, destinations, amount);
  };

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
          <input type="text" value={state.ruleType} onChange={(e) => dispatch({ type: 'ruleType', value: e.target.value })} />
        </label>
        <label>
          equals
          <input
            type="text"
            value={state.ruleId}
            placeholder="e.g. store-42"
            onChange={(e) => dispatch({ type: 'ruleId', value: e.target.value })}
          />
        </label>
      </div>

      <div className="editor-body">
        <div className="tree" role="group" aria-label="Split tree">
          <h2>Split</h2>
          <LevelIssues messages={placed.get('')?.level ?? []} />
          <DestinationOptions id={DESTINATIONS_LIST} known={known} />
          <DestinationLevel
            nodes={state.nodes}
            prefix={[]}
            view={view}
            onAdd={(type) => dispatch({ type: 'tree', update: (n) => [...n, newNode(type)] })}
          />
        </div>
        <PreviewPanel
          preview={preview}
          amountText={state.amountText}
          amount={amount}
          currency={state.currency}
          exponent={exponent}
          hasIssues={problems.size > 0 || preview.issues.length > 0}
          dispatch={dispatch}
        />
      </div>

      {unplaced.length > 0 ? (
        <ErrorNotice errors={unplaced.map((i) => ({ message: `${i.path}: ${i.message}`, code: 'BAD_USER_INPUT' }))} />
      ) : null}
      {state.save.kind === 'failed' ? <ErrorNotice errors={errorsAt(state.save.error)} title="Not saved." /> : null}
      {state.save.kind === 'unknown' ? (
        <ErrorNotice errors={[{ message: state.save.message, code: 'UPSTREAM_OUTCOME_UNKNOWN' }]} title="Maybe saved." />
      ) : null}
      {state.save.kind === 'refused' ? (
        <p className="field-error" role="alert">
          Not saved: Tally refused the rule; see the marked destinations.
        </p>
      ) : null}
      {state.save.kind === 'conflict' ? (
        <Conflict
          current={state.save.current}
          onLoad={(current) => dispatch({ type: 'loadCurrent', rule: current })}
          onOverwrite={(current) => dispatch({ type: 'overwrite', version: current.ruleVersion ?? null })}
        />
      ) : null}

      <div className="actions">
        <button type="submit" className="primary" disabled={state.save.kind === 'saving'}>
          {state.save.kind === 'saving' ? 'Saving…' : rule ? 'Save new version' : 'Create rule'}
        </button>
        <a href={href(['payout-rules'], { account: accountId })}>Cancel</a>
        {!rule ? <span className="muted small">Idempotency key {state.idempotencyKey}</span> : null}
      </div>
    </form>
  );
}
