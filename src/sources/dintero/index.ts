export { billingAccount, DinteroAccount, DinteroSource, DINTERO_ACCOUNT_ID, DINTERO_PAGE_SIZES, type DinteroSourceOptions } from './account.js';
export { validateSettlementFilters, type AttachmentStream } from './settlements.js';
