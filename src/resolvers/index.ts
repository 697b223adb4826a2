import { builder } from './builder.js';
import './scalars.js';
import './money.js';
import './enums.js';
import './identifier.js';
import './entry.js';
import './ledger.js';

/** The whole schema: every type file registers itself on the builder above. */
export const schema = builder.toSchema({ sortSchema: true });
