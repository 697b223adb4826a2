import { describe, expect, it } from 'vitest';
import { TrustedDocuments } from '../../src/plugins/useTrustedDocuments.js';

const LISTED = 'query Ledgers($first: Int!) { ledgers(first: $first) { edges { node { id ledgerId } } } }';

describe('trusted documents: which texts count as a listed document', () => {
  const trusted = new TrustedDocuments({ 'sha256:x': LISTED });

  it('accepts the listed document however it is spaced or ordered, and with the __typename selections a client cache adds', () => {
    expect(trusted.trusts(LISTED)).toBe(true);
    expect(trusted.trusts('query Ledgers($first: Int!) {\n  ledgers(first: $first) {\n    edges { node { ledgerId id } }\n  }\n}')).toBe(
      true,
    );
    expect(
      trusted.trusts(
        'query Ledgers($first: Int!) { ledgers(first: $first) { edges { node { id ledgerId __typename } __typename } __typename } }',
      ),
    ).toBe(true);
  });

  it('refuses anything more: another field, an aliased __typename, another argument, another name', () => {
    expect(trusted.trusts('query Ledgers($first: Int!) { ledgers(first: $first) { edges { node { id ledgerId currency } } } }')).toBe(
      false,
    );
    expect(trusted.trusts('query Ledgers($first: Int!) { ledgers(first: $first) { edges { node { id ledgerId t: __typename } } } }')).toBe(
      false,
    );
    expect(trusted.trusts('query Ledgers($first: Int!) { ledgers(first: $first, after: "x") { edges { node { id ledgerId } } } }')).toBe(
      false,
    );
    expect(trusted.trusts('query Other($first: Int!) { ledgers(first: $first) { edges { node { id ledgerId } } } }')).toBe(false);
    expect(trusted.trusts('not graphql {')).toBe(false);
  });
});
