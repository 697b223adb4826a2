import { getNullableType, GraphQLID, GraphQLString, isInputObjectType, isListType, isObjectType, type GraphQLInputType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/resolvers/index.js';
import { BOUNDED, CURSOR_MAX_LENGTH, stringBound } from '../../src/resolvers/string-limits.js';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const TEST = DINTERO_SANDBOX_CREDENTIALS.test.accountId;

const stringLike = (type: GraphQLInputType) => {
  let t = getNullableType(type);
  while (isListType(t)) t = getNullableType(t.ofType);
  return t === GraphQLString || t === GraphQLID;
};

describe('every String argument has a maximum length', () => {
  it('walks the schema: each String or ID argument and input field has a bound, and each field taking one checks it before it resolves', () => {
    const unbounded: string[] = [];
    const unchecked: string[] = [];
    let bounded = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          for (const arg of field.args) {
            if (!stringLike(arg.type)) continue;
            bounded++;
            const bound = stringBound(arg);
            if (bound === undefined || bound > CURSOR_MAX_LENGTH) unbounded.push(`${type.name}.${field.name}(${arg.name})`);
          }
          const takesText = field.args.some(
            (a) => stringLike(a.type) || isInputObjectType(getNullableType(a.type)) || isListType(getNullableType(a.type)),
          );
          if (takesText && !(field.resolve && BOUNDED in field.resolve)) unchecked.push(`${type.name}.${field.name}`);
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!stringLike(field.type)) continue;
          bounded++;
          const bound = stringBound(field);
          if (bound === undefined || bound > CURSOR_MAX_LENGTH) unbounded.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(bounded).toBeGreaterThan(50);
    expect(unbounded).toEqual([]);
    expect(unchecked).toEqual([]);
    // Where the upstream documents the length, that is the bound.
    const billingAccount = schema.getQueryType()!.getFields().billingAccount!;
    expect(stringBound(billingAccount.args.find((a) => a.name === 'accountId')!)).toBe(9);
    const destination = schema.getType('SettlementReportDestinationInput');
    if (!isInputObjectType(destination)) throw new Error('no SettlementReportDestinationInput');
    expect(stringBound(destination.getFields().email!)).toBe(254);
  });
});

describe('over-long input never reaches an upstream', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const calls = async () => Object.values(await h.stats()).reduce((a, b) => a + b, 0);

  it('a 100,000-character search or sales-unit handle is BAD_USER_INPUT naming the argument, with no upstream call', async () => {
    const long = 'x'.repeat(100_000);
    await h.resetStats();
    const search = await h.gql(
      `query($a: String!, $s: String) { billingAccount(accountId: $a) { settlements(first: 5, search: $s) { edges { node { id } } } } }`,
      { a: TEST, s: long },
    );
    expect(search.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'search', limit: 'stringLength', max: 256 });
    expect(JSON.stringify(search)).not.toContain('xxxxxxxxxx');
    const handle = await h.gql(`query($h: String) { ledgers(first: 5, settlesForRecipientHandle: $h) { edges { node { ledgerId } } } }`, {
      h: long,
    });
    expect(handle.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'settlesForRecipientHandle' });
    expect(await calls()).toBe(0);
  });

  it('a 306-character e-mail address is refused before anything is written to Dintero', async () => {
    const email = `${'a'.repeat(295)}@example.no`;
    expect(email).toHaveLength(306);
    await h.resetStats();
    const res = await h.gql(
      `mutation($input: CreateSettlementReportConfigurationInput!) { createSettlementReportConfiguration(input: $input) { settlementReportConfiguration { id } } }`,
      {
        input: { accountId: TEST, fileTypes: ['csv'], destinations: [{ type: 'ACCOUNT_EMAIL' }, { type: 'EMAIL', email }] },
      },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input',
      path: 'input.destinations[1].email',
      max: 254,
    });
    expect(await calls()).toBe(0);
  });

  it('a bound holds for every item of a list and for a nested input field', async () => {
    const res = await h.gql(
      `mutation($input: CreateSettlementReportConfigurationInput!) { createSettlementReportConfiguration(input: $input) { settlementReportConfiguration { id } } }`,
      {
        input: { accountId: TEST, fileTypes: ['csv', 'y'.repeat(257)], destinations: [{ type: 'ACCOUNT_EMAIL' }] },
      },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'input.fileTypes[1]', max: 256 });
  });
});
