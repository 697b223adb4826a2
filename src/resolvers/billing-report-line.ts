import type { BillingReportLine } from '../sources/dintero/model.js';
import { builder } from './builder.js';
import { MoneyRef } from './money.js';

export const BillingReportLineRef = builder.objectRef<BillingReportLine>('BillingReportLine').implement({
  description: 'One service on a monthly billing report: the month\'s total for that kind of cost.',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'The service charged for, e.g. `checkout/capture`.' }),
    description: t.exposeString('description', { nullable: true, description: 'Dintero\'s description of the service.' }),
    quantity: t.float({ nullable: true, description: 'Units charged in the month.', resolve: (l) => l.quantity }),
    amount: t.field({ type: MoneyRef, nullable: true, description: 'The line total excluding VAT.', resolve: (l) => l.amount }),
  }),
});
