import type { SettlementReportConfiguration } from '../sources/dintero/model.js';
import { builder } from './builder.js';
import { personal } from './personal.js';
import { maxLength, EMAIL_MAX_LENGTH } from './string-limits.js';

type Destination = SettlementReportConfiguration['destinations'][number];

export const SettlementReportDestinationTypeEnum = builder.enumType('SettlementReportDestinationType', {
  description: 'Where a settlement report is e-mailed.',
  values: {
    ACCOUNT_EMAIL: { description: "The account's billing e-mail address in Dintero Backoffice (Dintero `account_email`)." },
    EMAIL: { description: 'A given e-mail address (Dintero `email`).' },
  } as const,
});

export const SettlementReportDestinationRef = builder.objectRef<Destination>('SettlementReportDestination').implement({
  description: 'A recipient of settlement reports.',
  fields: (t) => ({
    destinationId: t.exposeString('id', { nullable: true, description: "Dintero's id of this destination." }),
    type: t.field({
      type: SettlementReportDestinationTypeEnum,
      description: "The account's own address or a given one.",
      resolve: (d) => d.type,
    }),
    email: t.exposeString('email', {
      nullable: true,
      ...personal(
        'The e-mail address (Dintero `destination_value`): the given one for EMAIL; for ACCOUNT_EMAIL whatever address Dintero reports with it (the Billing API documents a value there too), or null when it reports none.',
      ),
    }),
  }),
});

export const SettlementReportDestinationInput = builder.inputType('SettlementReportDestinationInput', {
  description:
    "A recipient of settlement reports: EMAIL needs a valid `email`; ACCOUNT_EMAIL takes none (Dintero sends to the account's own address).",
  fields: (t) => ({
    type: t.field({ type: SettlementReportDestinationTypeEnum, required: true, description: "The account's own address or a given one." }),
    email: t.string({ description: 'The e-mail address (EMAIL only), at most 254 characters.', ...maxLength(EMAIL_MAX_LENGTH) }),
  }),
});
