export { DinteroAccount, DinteroClient, type DinteroClientOptions } from './account.js';
export { validateSettlementFilters } from './settlements.js';
