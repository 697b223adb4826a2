import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compilable } from '../../src/plugins/useCompiledExecution.js';
import { schema } from '../../src/resolvers/index.js';

/**
 * Which operations run compiled (graphql-jit) and which stay on graphql-js (issue 13): reads with
 * scalar and enum variables that fit their types compile; writes, input object variables (the
 * recursive payout tree overflows graphql-jit 0.8's compiler) and variables that do not fit stay
 * on graphql-js, so their errors read as before.
 */
const check = (query: string, variableValues: Record<string, unknown> = {}, operationName?: string) =>
  compilable({ schema, document: parse(query), variableValues, operationName });

describe('compilable', () => {
  it('compiles reads, with or without variables that fit their types', () => {
    expect(check('{ __typename }')).toBe(true);
    expect(
      check(
        'query($id: ID!, $date: Date!, $first: Int) { ledger(id: $id) { entries(date: $date, first: $first) { edges { node { entryType } } } } }',
        { id: 'x', date: '2026-11-14', first: 50 },
      ),
    ).toBe(true);
    expect(check('query($t: LedgerTopic!) { __typename }', { t: 'FEES' })).toBe(true);
  });

  it('leaves writes, input object variables and variables that do not fit to graphql-js', () => {
    expect(check('mutation { __typename }')).toBe(false);
    expect(check('query($d: [PayoutDestinationInput!]!) { __typename }', { d: [] })).toBe(false);
    expect(check('query($first: Int) { __typename }', { first: '10' })).toBe(false);
    expect(check('query($date: Date!) { __typename }', { date: '20261114' })).toBe(false);
    expect(check('query($date: Date!) { __typename }', {})).toBe(false);
    expect(check('query($t: LedgerTopic!) { __typename }', { t: 'NOPE' })).toBe(false);
  });

  it('picks the named operation, and leaves a document without one it can pick to graphql-js', () => {
    const doc = 'query A { __typename } mutation B { __typename }';
    expect(check(doc, {}, 'A')).toBe(true);
    expect(check(doc, {}, 'B')).toBe(false);
    expect(check(doc)).toBe(false);
  });

  it('decides for each request of one parsed document by its operation name and variables, not by what was decided before', () => {
    // yoga hands every request with the same text the same parsed document: what is kept per
    // document must not answer a request that names another operation or sends other values.
    const document = parse('query A($first: Int) { __typename } query B { __typename } mutation C { __typename }');
    const run = (operationName: string | undefined, variableValues: Record<string, unknown> = {}) =>
      compilable({ schema, document, variableValues, operationName });
    expect(run('A', { first: 1 })).toBe(true);
    expect(run('A', { first: 'one' })).toBe(false);
    expect(run('A', { first: 2 })).toBe(true);
    expect(run('B')).toBe(true);
    expect(run('C')).toBe(false);
    expect(run(undefined)).toBe(false);
    expect(run('')).toBe(false);
    expect(run('A', {})).toBe(true);
    const single = parse('query { __typename }');
    expect(compilable({ schema, document: single, variableValues: {}, operationName: undefined })).toBe(true);
    expect(compilable({ schema, document: single, variableValues: {}, operationName: '' })).toBe(false);
    expect(compilable({ schema, document: single, variableValues: {}, operationName: undefined })).toBe(true);
  });
});
