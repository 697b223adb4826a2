import type { SalesCustomer } from '../sources/model.js';
import { builder } from './builder.js';

export const SalesCustomerRef = builder.objectRef<SalesCustomer>('SalesCustomer').implement({
  description: 'Who bought, as the Sales API will report it. Reserved by Vipps MobilePay: always null today (the field exists so clients need no change when it arrives).',
  fields: (t) => ({
    email: t.exposeString('email', { nullable: true, description: 'The customer\'s e-mail address.' }),
    phone: t.exposeString('phone', { nullable: true, description: 'The customer\'s phone number.' }),
    name: t.exposeString('name', { nullable: true, description: 'The customer\'s name.' }),
  }),
});
