import { badInput } from '../domain/errors.js';

/** Global ids: base64url of `Type:innerId`, stable across restarts (the inner id is the upstream's). */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${String(id)}`).toString('base64url');
}

/** The types that have global ids, registered once the schema is built (see index.ts). */
const nodeTypes = new Set<string>();

export function registerNodeTypes(names: Iterable<string>): void {
  for (const n of names) nodeTypes.add(n);
}

export function decodeGlobalId(globalID: string, expected?: string): { typename: string; id: string } {
  const text = /^[A-Za-z0-9_-]+={0,2}$/.test(globalID) ? Buffer.from(globalID, 'base64url').toString('utf8') : '';
  const colon = text.indexOf(':');
  if (colon <= 0 || !/^[A-Z][A-Za-z]+$/.test(text.slice(0, colon))) {
    throw badInput(`Malformed global id ${JSON.stringify(globalID.slice(0, 100))}: use an \`id\` returned by this API.`, {
      argument: 'id',
    });
  }
  const typename = text.slice(0, colon);
  if (nodeTypes.size > 0 && !nodeTypes.has(typename)) {
    throw badInput(
      `The id names a type without global ids (${JSON.stringify(typename.slice(0, 40))}): use an \`id\` returned by this API.`,
      { argument: 'id' },
    );
  }
  if (expected && typename !== expected) {
    throw badInput(`The id is a ${typename} id, not a ${expected} id.`, { argument: 'id' });
  }
  return { typename, id: text.slice(colon + 1) };
}
