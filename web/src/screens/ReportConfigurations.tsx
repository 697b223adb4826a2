import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { DestinationOptions, useKnownDestinations } from '../destinations';
import { ErrorNotice, errorsAt } from '../errors';
import { formatInstant } from '../format';
import { getFragmentData, type FragmentType } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import type { WebReportConfigurationFieldsFragment } from '../__generated__/graphql';

export const ReportConfigurationFields = graphql(`
  fragment WebReportConfigurationFields on SettlementReportConfiguration {
    id
    configurationId
    fileTypes
    providers
    payoutDestinationIds
    filters {
      filter
      value
    }
    destinations {
      destinationId
      type
      email
    }
    createdAt
    updatedAt
    lastSentAt
  }
`);

const ConfigurationsQuery = graphql(`
  query WebReportConfigurations($accountId: String!) {
    billingAccount(accountId: $accountId) {
      id
      settlementReportConfigurations(first: 100) {
        pageInfo {
          hasNextPage
        }
        edges {
          node {
            ...WebReportConfigurationFields
          }
        }
      }
    }
  }
`);

const CreateConfigurationMutation = graphql(`
  mutation WebCreateReportConfiguration($input: CreateSettlementReportConfigurationInput!) {
    createSettlementReportConfiguration(input: $input) {
      settlementReportConfiguration {
        ...WebReportConfigurationFields
      }
    }
  }
`);

const UpdateConfigurationMutation = graphql(`
  mutation WebUpdateReportConfiguration($input: UpdateSettlementReportConfigurationInput!) {
    updateSettlementReportConfiguration(input: $input) {
      settlementReportConfiguration {
        ...WebReportConfigurationFields
      }
    }
  }
`);

const DeleteConfigurationMutation = graphql(`
  mutation WebDeleteReportConfiguration($input: DeleteSettlementReportConfigurationInput!) {
    deleteSettlementReportConfiguration(input: $input) {
      deletedSettlementReportConfigurationId
    }
  }
`);

type Configuration = WebReportConfigurationFieldsFragment;

/** The formats Dintero documents; a configuration holding another keeps it (shown and sent back). */
const FILE_TYPES = ['pdf', 'xml', 'csv'];
/** An empty list would be answered from urql's cache after a create; naming the type refetches it. */
const CONTEXT = { additionalTypenames: ['SettlementReportConfiguration'] };

/** Comma- or space-separated ids as a list, each once. */
const list = (text: string) => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

/** The account's settlement report configurations: what is sent, to whom, for which settlements; each editable. */
export function ReportConfigurationsPanel({ accountId }: { accountId: string }) {
  const [{ data, error, fetching }] = useQuery({ query: ConfigurationsQuery, variables: { accountId }, context: CONTEXT });
  const known = useKnownDestinations(accountId);
  const [creating, setCreating] = useState(false);
  const connection = data?.billingAccount?.settlementReportConfigurations;
  const edges = connection?.edges ?? [];
  const listId = `destinations-${accountId}`;
  return (
    <>
      <p className="lead">
        Dintero e-mails a settlement report (in each format chosen) for every settlement that passes the filters. With no recipient, reports
        are kept in Dintero Backoffice only.
      </p>
      <DestinationOptions id={listId} known={known} />
      <ErrorNotice errors={errorsAt(error, ['billingAccount'])} title="The settlement report configurations could not be read." />
      {fetching && !connection ? <p className="loading">Reading the configurations…</p> : null}
      {connection && edges.length === 0 ? (
        <p>No settlement report configuration: Dintero sends no settlement reports for this account.</p>
      ) : null}
      {edges.map(({ node }) => (
        <ConfigurationCard key={getFragmentData(ReportConfigurationFields, node).id} configuration={node} listId={listId} />
      ))}
      {connection?.pageInfo.hasNextPage ? <p className="warn">Only the first 100 configurations are shown.</p> : null}
      {creating ? (
        <ConfigurationForm accountId={accountId} configuration={null} listId={listId} onDone={() => setCreating(false)} />
      ) : (
        <button type="button" onClick={() => setCreating(true)}>
          New settlement report configuration
        </button>
      )}
    </>
  );
}

function ConfigurationCard({ configuration, listId }: { configuration: FragmentType<typeof ReportConfigurationFields>; listId: string }) {
  const c = getFragmentData(ReportConfigurationFields, configuration);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [deleted, remove] = useMutation(DeleteConfigurationMutation);
  const otherFilters = c.filters.filter((f) => f.filter !== 'payout_destination_id');
  if (editing) return <ConfigurationForm accountId={null} configuration={c} listId={listId} onDone={() => setEditing(false)} />;
  return (
    <article className="config" data-configuration-id={c.configurationId} aria-labelledby={`cfg-${c.configurationId}`}>
      <h2 id={`cfg-${c.configurationId}`}>
        Configuration <code>{c.configurationId}</code>
      </h2>
      <dl className="facts">
        <dt>Formats</dt>
        <dd className="file-types">{c.fileTypes.join(', ') || 'none'}</dd>
        <dt>Sent to</dt>
        <dd className="recipients">
          {c.destinations.length === 0
            ? 'nobody (kept in Dintero Backoffice)'
            : c.destinations
                .map((d) =>
                  d.type === 'ACCOUNT_EMAIL' ? "the account's billing e-mail" : (d.email ?? 'an e-mail address you may not read'),
                )
                .join(', ')}
        </dd>
        <dt>Providers</dt>
        <dd className="providers">{c.providers.join(', ') || 'all'}</dd>
        <dt>Payout destinations</dt>
        <dd className="payout-destinations">{c.payoutDestinationIds.join(', ') || 'all'}</dd>
        {otherFilters.length > 0 ? (
          <>
            <dt>Other filters</dt>
            <dd>{otherFilters.map((f) => `${f.filter} = ${f.value}`).join(', ')}</dd>
          </>
        ) : null}
        <dt>Last sent</dt>
        <dd>{c.lastSentAt && !c.lastSentAt.startsWith('1970-01-01') ? formatInstant(c.lastSentAt) : 'never'}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => setEditing(true)} aria-label={`Edit configuration ${c.configurationId}`}>
          Edit
        </button>
        {confirming ? (
          <>
            <span>Stop sending these reports?</span>
            <button
              type="button"
              className="danger"
              disabled={deleted.fetching}
              onClick={() => void remove({ input: { id: c.id } }, CONTEXT)}
            >
              Yes, delete it
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button
            type="button"
            className="danger"
            onClick={() => setConfirming(true)}
            aria-label={`Delete configuration ${c.configurationId}`}
          >
            Delete
          </button>
        )}
      </div>
      <ErrorNotice errors={errorsAt(deleted.error)} title="Not deleted." />
    </article>
  );
}

interface Draft {
  fileTypes: string[];
  accountEmail: boolean;
  emails: string;
  providers: string;
  payoutDestinationIds: string;
}

/**
 * Create or edit a configuration. An update sends only what the form can hold: Tally sends back
 * everything else (filters of other kinds, destination ids) as Dintero has it. Recipients whose
 * address these credentials may not read (no gdpr scope) are left out of the update altogether, so
 * saving never drops them.
 */
function ConfigurationForm({
  accountId,
  configuration: c,
  listId,
  onDone,
}: {
  accountId: string | null;
  configuration: Configuration | null;
  listId: string;
  onDone: () => void;
}) {
  const unreadable = c?.destinations.some((d) => d.type === 'EMAIL' && d.email == null) ?? false;
  const [draft, setDraft] = useState<Draft>(() => ({
    fileTypes: c?.fileTypes ?? ['pdf'],
    accountEmail: c ? c.destinations.some((d) => d.type === 'ACCOUNT_EMAIL') : true,
    emails: (c?.destinations ?? []).flatMap((d) => (d.type === 'EMAIL' && d.email ? [d.email] : [])).join('\n'),
    providers: (c?.providers ?? []).join(', '),
    payoutDestinationIds: (c?.payoutDestinationIds ?? []).join(', '),
  }));
  const [created, create] = useMutation(CreateConfigurationMutation);
  const [updated, update] = useMutation(UpdateConfigurationMutation);
  const [error, setError] = useState<CombinedError | undefined>();
  const fileTypes = [...new Set([...FILE_TYPES, ...(c?.fileTypes ?? [])])];
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const destinations = [
      ...(draft.accountEmail ? [{ type: 'ACCOUNT_EMAIL' as const }] : []),
      ...list(draft.emails).map((email) => ({ type: 'EMAIL' as const, email })),
    ];
    const fields = { fileTypes: draft.fileTypes, providers: list(draft.providers), payoutDestinationIds: list(draft.payoutDestinationIds) };
    const res = c
      ? await update({ input: { id: c.id, ...fields, ...(unreadable ? {} : { destinations }) } }, CONTEXT)
      : await create({ input: { accountId: accountId ?? '', ...fields, destinations } }, CONTEXT);
    if (res.error) return setError(res.error);
    onDone();
  };
  const busy = created.fetching || updated.fetching;
  const title = c ? `Edit configuration ${c.configurationId}` : 'New settlement report configuration';
  return (
    <form className="config config-form" onSubmit={(e) => void submit(e)} aria-label={title} noValidate>
      <h2>{title}</h2>
      <fieldset>
        <legend>Formats</legend>
        {fileTypes.map((t) => (
          <label key={t}>
            <input
              type="checkbox"
              checked={draft.fileTypes.includes(t)}
              onChange={(e) => set({ fileTypes: e.target.checked ? [...draft.fileTypes, t] : draft.fileTypes.filter((x) => x !== t) })}
            />
            {t.toUpperCase()}
          </label>
        ))}
      </fieldset>
      <fieldset className="stack">
        <legend>Recipients</legend>
        {unreadable ? (
          <p className="warn">Some recipients' addresses need the gdpr scope to be read: the recipients are kept as they are.</p>
        ) : (
          <>
            <label className="inline">
              <span>
                <input type="checkbox" checked={draft.accountEmail} onChange={(e) => set({ accountEmail: e.target.checked })} /> The
                account's billing e-mail
              </span>
            </label>
            <label>
              Other e-mail addresses, one a line
              <textarea rows={3} cols={40} value={draft.emails} onChange={(e) => set({ emails: e.target.value })} />
            </label>
          </>
        )}
      </fieldset>
      <fieldset className="stack">
        <legend>Which settlements</legend>
        <label>
          Providers (empty: all), e.g. vipps, payex
          <input type="text" value={draft.providers} onChange={(e) => set({ providers: e.target.value })} />
        </label>
        <label>
          Payout destinations (empty: all)
          <input
            type="text"
            list={listId}
            value={draft.payoutDestinationIds}
            onChange={(e) => set({ payoutDestinationIds: e.target.value })}
          />
        </label>
      </fieldset>
      <ErrorNotice errors={errorsAt(error)} title="Not saved." />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : c ? 'Save configuration' : 'Create configuration'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
