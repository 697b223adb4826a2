import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { Kind, OperationTypeNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { Client } from 'urql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as webDocuments from '../../web/src/__generated__/graphql.js';
import { tallyClientOptions } from '../../web/src/client-options.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const MANIFEST = 'examples/__generated__/persisted-documents.json';

/** Every operation the back-office app sends: the typed documents codegen made from its `graphql()` calls. */
const operations = Object.entries(webDocuments as Record<string, unknown>).flatMap(([name, value]) => {
  const document = value as DocumentNode | undefined;
  const operation =
    document?.kind === Kind.DOCUMENT
      ? document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      : undefined;
  // Fragment documents are not sent on their own.
  return document && operation ? [{ name, document, type: operation.operation, operationName: operation.name?.value ?? name }] : [];
});

describe('trusted documents only: the back-office app', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ http: true, env: { TALLY_TRUSTED_DOCUMENTS: MANIFEST, TALLY_TRUSTED_DOCUMENTS_ONLY: 'on' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('has every document of the app in the manifest, and the gateway accepts each as the app sends it (urql, __typename added)', async () => {
    expect(operations.length).toBeGreaterThan(15);
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    const client = new Client(tallyClientOptions(h.url, () => ({})));
    const refused: string[] = [];
    for (const { name, document, type, operationName } of operations) {
      // Listed under codegen's own id: sha256 of the document as codegen prints it.
      const id = `sha256:${createHash('sha256').update(printExecutableGraphQLDocument(document)).digest('hex')}`;
      expect(manifest[id], `${operationName} in the manifest`).toBeDefined();
      // Without variables: a required one makes the gateway answer BAD_USER_INPUT before running
      // anything, which is past the trusted-documents check. No mutation runs.
      const result =
        type === OperationTypeNode.MUTATION
          ? await client.mutation(document, {}).toPromise()
          : type === OperationTypeNode.SUBSCRIPTION
            ? // Over SSE (urql's subscriptionExchange with the graphql-sse client): the first answer, then it is closed.
              await client.subscription(document, {}).toPromise()
            : await client.query(document, {}).toPromise();
      const codes = [
        ...(result.error?.graphQLErrors ?? []).map((e) => e.extensions?.code),
        ...(result.error?.networkError ? ['NETWORK_ERROR'] : []),
      ];
      if (codes.includes('FORBIDDEN') || codes.includes('NETWORK_ERROR')) refused.push(`${name}: ${result.error?.message}`);
    }
    expect(refused).toEqual([]);
  });

  it('still refuses a document the app does not send', async () => {
    const client = new Client(tallyClientOptions(h.url, () => ({})));
    const other = await client.query('query Other { ledgers(first: 1) { edges { cursor } } }', {}).toPromise();
    expect(other.error?.graphQLErrors[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
