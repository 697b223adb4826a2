import { readFileSync } from 'node:fs';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { Kind, parse, visit, type DocumentNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * Trusted documents (GraphQL-over-HTTP, persisted documents appendix): codegen's manifest
 * (`examples/__generated__/persisted-documents.json`, `"sha256:<hex>": "<document>"`, built from the
 * example operations and the back-office app's) loaded once. A client may send `documentId` (or
 * Apollo's `extensions.persistedQuery.sha256Hash`) instead of the text; with `only`, a document that
 * is not in the manifest is refused before it is parsed for execution, so the gateway runs exactly
 * the operations its frontends were built with.
 */
export class TrustedDocuments {
  private readonly byId = new Map<string, string>();
  /** Each document in `comparable` form, so a client sending the text of a listed one passes too. */
  private readonly comparable = new Set<string>();
  /** The operation names the manifest declares: names the gateway's own frontends use. */
  readonly operationNames = new Set<string>();

  constructor(manifest: Record<string, string>) {
    for (const [id, text] of Object.entries(manifest)) {
      this.byId.set(id, text);
      const document = parse(text);
      this.comparable.add(comparable(document));
      for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION && d.name) this.operationNames.add(d.name.value);
    }
  }

  static load(path: string): TrustedDocuments {
    const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!json || typeof json !== 'object' || Object.values(json).some((v) => typeof v !== 'string')) {
      throw new Error(`TALLY_TRUSTED_DOCUMENTS (${path}) is not a persisted-document manifest ({"sha256:<hex>": "<document>"})`);
    }
    return new TrustedDocuments(json as Record<string, string>);
  }

  get size(): number {
    return this.byId.size;
  }

  document(id: string): string | undefined {
    return this.byId.get(id);
  }

  trusts(query: string): boolean {
    try {
      return this.comparable.has(comparable(parse(query)));
    } catch {
      return false;
    }
  }
}

/**
 * A document as codegen prints it for its manifest (`printExecutableGraphQLDocument`: definitions,
 * fields and arguments sorted, so spacing and order do not matter), without unaliased `__typename`
 * selections: urql's and Apollo's caches add one to every selection set of what they send (the
 * back-office app's urql does), and a type name reveals nothing a trusted document does not.
 */
function comparable(document: DocumentNode): string {
  return printExecutableGraphQLDocument(
    visit(document, {
      Field: (field) => (field.name.value === '__typename' && !field.alias ? null : undefined),
    }),
  );
}

export function useTrustedDocuments(trusted: TrustedDocuments, only: boolean): Plugin {
  return {
    onParams({ params, setParams }) {
      const raw = params as { documentId?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } };
      const hash = raw.extensions?.persistedQuery?.sha256Hash;
      const id = typeof raw.documentId === 'string' ? raw.documentId : typeof hash === 'string' ? `sha256:${hash}` : undefined;
      if (id !== undefined) {
        const text = trusted.document(id);
        if (text === undefined) {
          throw createGraphQLError(`No trusted document has the id ${JSON.stringify(id.slice(0, 80))}.`, {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
        }
        setParams({ ...params, query: text });
        return;
      }
      if (only && typeof params.query === 'string' && !trusted.trusts(params.query)) {
        throw createGraphQLError(
          'This gateway runs trusted documents only (TALLY_TRUSTED_DOCUMENTS_ONLY): send the `documentId` of a document from its persisted-document manifest.',
          {
            extensions: { code: 'FORBIDDEN', http: { status: 403 } },
          },
        );
      }
    },
  };
}
