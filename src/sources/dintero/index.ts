export { billingAccount, DinteroAccount, DinteroSource, type DinteroSourceOptions } from './account.js';
export { DINTERO_ACCOUNT_ID } from './account-id.js';
export { DINTERO_PAGE_SIZES } from './pages.js';
export { validateSettlementFilters, type AttachmentStream } from './settlements.js';
