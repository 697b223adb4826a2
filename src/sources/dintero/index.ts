export { DinteroAccount, DinteroSource, type DinteroSourceOptions } from './account.js';
export { validateSettlementFilters } from './settlements.js';
