import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isEnumType, parse, TypeInfo, visit, visitWithTypeInfo, type GraphQLSchema } from 'graphql';

/**
 * The coverage table (test/conformance/coverage.json): every endpoint, parameter, response field,
 * enum value, error status, paging signal and stated fact of the upstream documents, with where
 * Tally handles it (the source module and the schema coordinates) or why it is left out. Rendered
 * into docs/coverage.md; test/conformance/coverage.test.ts keeps both true.
 */
export type CoverageStatus = 'handled' | 'left-out' | 'not-yet';
export type SandboxStatus = 'seed-shape' | 'differs' | 'absent';

export interface CoverageItem {
  id: string;
  document: string;
  line: number;
  kind: 'endpoint' | 'parameter' | 'field' | 'enum' | 'status' | 'paging' | 'fact';
  endpoint: string | null;
  item: string;
  /** `handled`; `left-out` on purpose (with the reason); `not-yet`: a known gap being fixed (with its owner). */
  status: CoverageStatus;
  /** The source module that reads, sends or maps it. */
  client: string | null;
  /** Schema coordinates that expose it: `Type.field`, `Type.field(argument)`, `Enum.VALUE`. */
  schema: string[];
  /** Whether the sandbox serves or honours it as the document shows it. */
  sandbox: SandboxStatus;
  /** The seed fixture (test/conformance/fixtures/) whose conformance test reaches it. */
  fixture: string | null;
  note?: string;
  reason?: string;
  owner?: string;
}

export const COVERAGE: CoverageItem[] = (
  JSON.parse(readFileSync(new URL('./coverage.json', import.meta.url), 'utf8')) as { items: CoverageItem[] }
).items;

export const SCHEMA: GraphQLSchema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));

export interface CoverageCounts {
  documented: number;
  handledByClients: number;
  exposedInSchema: number;
  sandboxInSeedShape: number;
  leftOut: number;
  notYet: number;
}

export function countCoverage(items: readonly CoverageItem[] = COVERAGE): CoverageCounts {
  const handled = items.filter((i) => i.status === 'handled');
  return {
    documented: items.length,
    handledByClients: handled.filter((i) => i.client !== null).length,
    exposedInSchema: handled.filter((i) => i.schema.length > 0).length,
    sandboxInSeedShape: items.filter((i) => i.sandbox === 'seed-shape').length,
    leftOut: items.filter((i) => i.status === 'left-out').length,
    notYet: items.filter((i) => i.status === 'not-yet').length,
  };
}

/**
 * What a conformance test reached through the gateway: the schema coordinates its documents
 * select (fields and the arguments given) and the enum values its answers carry. A handled item
 * whose fixture the test serves must be reached, or the table claims more than the test shows.
 */
export class Reach {
  readonly coordinates = new Set<string>();

  document(query: string): void {
    const info = new TypeInfo(SCHEMA);
    const seen = this.coordinates;
    visit(
      parse(query),
      visitWithTypeInfo(info, {
        Field() {
          const parent = info.getParentType();
          const field = info.getFieldDef();
          if (parent && field) seen.add(`${parent.name}.${field.name}`);
        },
        Argument(node) {
          const parent = info.getParentType();
          const field = info.getFieldDef();
          if (parent && field) seen.add(`${parent.name}.${field.name}(${node.name.value})`);
        },
        EnumValue(node) {
          const type = info.getInputType();
          if (type) seen.add(`${getNamedType(type).name}.${node.value}`);
        },
      }),
    );
  }

  /** Input object fields given through variables (`CreatePayoutRuleInput.ruleId`). */
  inputFields(typeName: string, value: Record<string, unknown>): void {
    for (const key of Object.keys(value)) this.coordinates.add(`${typeName}.${key}`);
  }

  /** Enum values in an answer, by the enum types of the schema. */
  answer(data: unknown): void {
    const enums = Object.values(SCHEMA.getTypeMap()).filter(isEnumType);
    const walk = (v: unknown) => {
      if (typeof v === 'string') {
        for (const e of enums) if (e.getValue(v)) this.coordinates.add(`${e.name}.${v}`);
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(data);
  }

  /** Handled items of these fixtures whose schema coordinates no document or answer reached. */
  missing(fixtures: readonly string[]): string[] {
    return COVERAGE.filter((i) => i.status === 'handled' && i.fixture !== null && fixtures.includes(i.fixture)).flatMap((i) =>
      i.schema.filter((c) => !this.coordinates.has(c)).map((c) => `${i.id}: ${c}`),
    );
  }
}

/**
 * `diffs` (from shapeDifferences) without the differences the coverage table records as known:
 * each key a coverage item that says so (a sandbox that `differs`, or an item not handled yet or
 * left out), each value the paths (`items[].x`) it accounts for. Works on lostLeaves' paths too. A recorded difference that is no
 * longer seen is fine here (the table is then updated by hand); an unrecorded one is what fails.
 */
export function withoutKnown(diffs: readonly string[], known: Readonly<Record<string, readonly string[]>>): string[] {
  for (const id of Object.keys(known)) {
    const item = COVERAGE.find((i) => i.id === id);
    if (!item) throw new Error(`no coverage item ${id}`);
    if (item.status === 'handled' && item.sandbox !== 'differs')
      throw new Error(`coverage item ${id} is recorded as handled in the seed's shape; a difference on it is not known`);
  }
  const norm = (p: string) =>
    p
      .replace(/\[\d+\]/g, '[]')
      .replace(/^\$\.?/, '')
      .replace(/^\[\]\.?/, '');
  const paths = Object.values(known).flat().map(norm);
  return diffs.filter((d) => !paths.includes(norm(d.includes(':') ? d.slice(0, d.indexOf(':')) : d)));
}
