import { existsSync, readFileSync } from 'node:fs';
import { isEnumType, isInputObjectType, isObjectType, isInterfaceType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { COVERAGE, countCoverage, SCHEMA } from './coverage.js';
import { FIXTURES } from './fixtures.js';
import { COVERAGE_DOC, renderCoverage } from './render-coverage.js';

/**
 * The coverage table is a claim about the code: every module and schema coordinate it names exists,
 * every item not handled says why (and who is on it), every fixture is used, and docs/coverage.md
 * shows exactly the JSON. The conformance tests check the rest (what their requests reach).
 */
const DOCUMENTS = [
  '000_7b92e0d6cec3d751.txt',
  '001_1621d64747d43684.txt',
  '002_cab85f17cf0f98ea.txt',
  '003_f08783c1404c24cf.txt',
  '004_3ad23bd2382ca158.txt',
];

/** Whether `Type.field`, `Type.field(argument)` or `Enum.VALUE` names something in the schema. */
function inSchema(coordinate: string): boolean {
  const m = /^(\w+)\.(\w+)(?:\((\w+)\))?$/.exec(coordinate);
  if (!m) return false;
  const [, typeName, member, argument] = m;
  const type = SCHEMA.getType(typeName!);
  if (isEnumType(type)) return argument === undefined && type.getValue(member!) !== undefined;
  if (isObjectType(type) || isInterfaceType(type)) {
    const field = type.getFields()[member!];
    return field !== undefined && (argument === undefined || field.args.some((a) => a.name === argument));
  }
  if (isInputObjectType(type)) return argument === undefined && type.getFields()[member!] !== undefined;
  return false;
}

describe('the coverage table (test/conformance/coverage.json)', () => {
  it('names each item once, in one of the five documents, with a valid status', () => {
    const ids = COVERAGE.map((i) => i.id);
    expect(ids.filter((id, n) => ids.indexOf(id) !== n)).toEqual([]);
    for (const i of COVERAGE) {
      expect(DOCUMENTS, i.id).toContain(i.document);
      expect(['endpoint', 'parameter', 'field', 'enum', 'status', 'paging', 'fact'], i.id).toContain(i.kind);
      expect(['handled', 'left-out', 'not-yet'], i.id).toContain(i.status);
      expect(['seed-shape', 'differs', 'absent'], i.id).toContain(i.sandbox);
      expect(Number.isInteger(i.line) && i.line >= 1, i.id).toBe(true);
    }
    expect(new Set(COVERAGE.map((i) => i.document))).toEqual(new Set(DOCUMENTS));
  });

  it('says where each handled item is handled, and why each other item is not', () => {
    for (const i of COVERAGE) {
      if (i.status === 'handled') expect(i.client !== null || i.schema.length > 0 || (i.note ?? '') !== '', i.id).toBe(true);
      else expect((i.reason ?? '').length, `${i.id} needs a reason`).toBeGreaterThan(20);
      if (i.status === 'not-yet') expect(i.owner, `${i.id} needs an owner`).toMatch(/\w/);
      if (i.sandbox !== 'seed-shape') expect((i.reason ?? i.note ?? '').length, `${i.id}: why the sandbox differs`).toBeGreaterThan(0);
    }
  });

  it('names only modules and schema coordinates that exist', () => {
    const root = new URL('../../', import.meta.url);
    const missingModules = COVERAGE.filter((i) => i.client !== null && !existsSync(new URL(i.client, root))).map(
      (i) => `${i.id}: ${i.client}`,
    );
    expect(missingModules).toEqual([]);
    const missingCoordinates = COVERAGE.flatMap((i) => i.schema.filter((c) => !inSchema(c)).map((c) => `${i.id}: ${c}`));
    expect(missingCoordinates).toEqual([]);
  });

  it('refers only to fixtures that exist, and every fixture is reached by some item', () => {
    const known = new Set(FIXTURES.keys());
    expect(COVERAGE.filter((i) => i.fixture !== null && !known.has(i.fixture)).map((i) => i.id)).toEqual([]);
    const used = new Set(COVERAGE.map((i) => i.fixture));
    expect([...known].filter((f) => !used.has(f))).toEqual([]);
  });

  it('is what docs/coverage.md shows (run `npx tsx test/conformance/render-coverage.ts` after editing it)', () => {
    expect(readFileSync(COVERAGE_DOC, 'utf8')).toBe(renderCoverage());
    const counts = countCoverage();
    console.log(`coverage of the upstream documents: ${JSON.stringify(counts)}`);
    expect(counts.handledByClients + counts.leftOut + counts.notYet).toBeLessThanOrEqual(counts.documented);
  });
});

describe('the seed fixtures (test/conformance/fixtures)', () => {
  it('name their document and line, and parse to the example with its replacements', async () => {
    const { served } = await import('./fixtures.js');
    for (const f of FIXTURES.values()) {
      expect(DOCUMENTS, f.id).toContain(f.document);
      expect(f.id.startsWith(f.document.slice(0, 3)), f.id).toBe(true);
      expect(f.id.endsWith(`-L${f.line}`), f.id).toBe(true);
      expect(() => served(f.id), f.id).not.toThrow();
      for (const r of f.realistic) expect(r.why.length, `${f.id} ${r.path}`).toBeGreaterThan(5);
    }
    // Every JSON example of the documents: 26 extracted (a bare string among them) and one composed from a field list.
    expect(FIXTURES.size).toBe(27);
  });
});
