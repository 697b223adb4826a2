import { badInput } from '../errors.js';

/** Global ids: base64url of `Type:innerId`, stable across restarts (the inner id is the upstream's). */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${String(id)}`).toString('base64url');
}

export function decodeGlobalId(globalID: string, expected?: string): { typename: string; id: string } {
  const text = /^[A-Za-z0-9_-]+={0,2}$/.test(globalID) ? Buffer.from(globalID, 'base64url').toString('utf8') : '';
  const colon = text.indexOf(':');
  if (colon <= 0 || !/^[A-Z][A-Za-z]+$/.test(text.slice(0, colon))) {
    throw badInput(`Malformed global id ${JSON.stringify(globalID.slice(0, 100))}: use an \`id\` returned by this API.`, { argument: 'id' });
  }
  const typename = text.slice(0, colon);
  if (expected && typename !== expected) {
    throw badInput(`The id is a ${typename} id, not a ${expected} id.`, { argument: 'id' });
  }
  return { typename, id: text.slice(colon + 1) };
}
