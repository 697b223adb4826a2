import { builder } from './builder.js';
import './scalars.js';
import './money.js';
import './enums.js';
import './identifier.js';
import './entry.js';
import './ledger.js';
import './sales-event.js';
import './billing-account.js';
import './settlement-amounts.js';
import './settlement-attachment.js';
import './settlement.js';
import './key-value.js';
import './payout-destination.js';
import './payout-rule.js';
import './payout-rule-mutations.js';
import './payout-split.js';
import './settlement-report-destination.js';
import './settlement-report-configuration.js';
import './settlement-report-configuration-mutations.js';
import './billing-cost.js';
import './billing-report-line.js';
import './billing-report.js';
import './subscription-price.js';
import './billing-subscription.js';

/** The whole schema: every type file registers itself on the builder above. */
export const schema = builder.toSchema({ sortSchema: true });
