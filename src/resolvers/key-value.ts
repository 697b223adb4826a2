import type { KeyValue } from '../sources/dintero/model.js';
import { builder } from './builder.js';

export const KeyValueRef = builder.objectRef<KeyValue>('KeyValue').implement({
  description:
    'A named value the upstream stores as free-form properties (payout rule `metadata`). Non-text upstream values are given as JSON text.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The property name.' }),
    value: t.exposeString('value', { description: 'The property value, as text.' }),
  }),
});

export const KeyValueInput = builder.inputType('KeyValueInput', {
  description:
    'A named text value to store with a payout rule (its `metadata`): at most 10 per rule, keys unique, 1-100 characters, values up to 1000 characters.',
  fields: (t) => ({
    key: t.string({ required: true, description: 'The property name (unique within the rule).' }),
    value: t.string({ required: true, description: 'The property value.' }),
  }),
});
