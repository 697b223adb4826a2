import type { Identifier, SalesUnit } from '../sources/model.js';
import { builder } from './builder.js';

export const IdentifierRef = builder.objectRef<Identifier>('Identifier').implement({
  description:
    'An identifier qualified by its scheme, e.g. `{scheme: "business:NO:ORG", id: "987654321"}` or `{scheme: "BBAN:NO", id: "86011117947"}`.',
  fields: (t) => ({
    scheme: t.exposeString('scheme', {
      description: 'What kind of identifier `id` is (organisation number register, bank account scheme).',
    }),
    id: t.exposeString('id', { description: 'The identifier within its scheme.' }),
  }),
});

export const SalesUnitRef = builder.objectRef<SalesUnit>('SalesUnit').implement({
  description: 'A sales unit (shop, app, Vippsnummer) whose money a ledger settles.',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true, description: "The sales unit's name as the merchant registered it." }),
    recipientHandle: t.exposeString('recipientHandle', {
      nullable: true,
      description: 'How payments address it: `api:<MSN>` for API sales units, `NO:<n>`/`DK:<n>`/`FI:<n>` for Vippsnummer and MyShop.',
    }),
    businessIdentifier: t.field({
      type: IdentifierRef,
      nullable: true,
      description: 'The business behind it.',
      resolve: (u) => u.businessIdentifier,
    }),
  }),
});
