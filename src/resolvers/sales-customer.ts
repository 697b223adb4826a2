import type { SalesCustomer } from '../sources/model.js';
import { builder } from './builder.js';
import { personal } from './personal.js';

export const SalesCustomerRef = builder.objectRef<SalesCustomer>('SalesCustomer').implement({
  description: 'Who bought, as the Sales API reports it (often absent). Personal data: every field needs the `gdpr` scope.',
  fields: (t) => ({
    email: t.exposeString('email', { nullable: true, ...personal("The customer's e-mail address.") }),
    phone: t.exposeString('phone', { nullable: true, ...personal("The customer's phone number.") }),
    name: t.exposeString('name', { nullable: true, ...personal("The customer's name.") }),
  }),
});
