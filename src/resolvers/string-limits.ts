import {
  defaultFieldResolver,
  getNullableType,
  GraphQLID,
  GraphQLString,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badInput } from '../domain/errors.js';

/**
 * Every `String` and `ID` a client sends has a maximum length, checked before the field's resolver
 * runs, so no over-long text reaches an upstream (a 100,000-character search answered 431 upstream;
 * a 306-character e-mail address was written to Dintero). An argument or input field declares its
 * own bound with `...maxLength(n)` in the schema builder where the upstream documents one; every
 * other has the default: `CURSOR_MAX_LENGTH` for `after`/`before`, `DEFAULT_MAX_LENGTH` otherwise.
 */
export const DEFAULT_MAX_LENGTH = 256;
/** Tally's cursors carry an upstream page token, an offset and a signature: well under this. */
export const CURSOR_MAX_LENGTH = 2048;

/** Declares a String argument's or input field's maximum length (in UTF-16 code units, as GraphQL strings are). */
export function maxLength(n: number): { extensions: { maxLength: number } } {
  return { extensions: { maxLength: n } };
}

/** The bound of one argument or input field of a String or ID type (or a list of them); undefined for other types. */
export function stringBound(input: GraphQLArgument | GraphQLInputField): number | undefined {
  if (!isStringLike(input.type)) return undefined;
  const declared = (input.extensions as { maxLength?: unknown } | undefined)?.maxLength;
  if (typeof declared === 'number') return declared;
  return input.name === 'after' || input.name === 'before' ? CURSOR_MAX_LENGTH : DEFAULT_MAX_LENGTH;
}

function isStringLike(type: GraphQLInputType): boolean {
  let t = getNullableType(type);
  while (isListType(t)) t = getNullableType(t.ofType);
  return t === GraphQLString || t === GraphQLID;
}

/** Throws BAD_USER_INPUT naming the argument path when a string in `value` is longer than its bound. */
function check(input: GraphQLArgument | GraphQLInputField, value: unknown, path: string, argument: string): void {
  if (value === null || value === undefined) return;
  const bound = stringBound(input);
  if (bound !== undefined) {
    const values = Array.isArray(value) ? value.flat(Infinity) : [value];
    values.forEach((v, i) => {
      if (typeof v === 'string' && v.length > bound) {
        const at = Array.isArray(value) ? `${path}[${i}]` : path;
        throw badInput(`\`${at}\` is longer than the ${bound} characters it may have (it has ${v.length}).`, {
          argument,
          path: at,
          limit: 'stringLength',
          max: bound,
        });
      }
    });
    return;
  }
  let t = getNullableType(input.type);
  while (isListType(t)) t = getNullableType(t.ofType);
  if (!isInputObjectType(t)) return;
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, i) => {
    if (item === null || typeof item !== 'object') return;
    const base = Array.isArray(value) ? `${path}[${i}]` : path;
    for (const field of Object.values(t.getFields()))
      check(field, (item as Record<string, unknown>)[field.name], `${base}.${field.name}`, argument);
  });
}

/** Whether an argument's type holds a String or ID anywhere (directly, in a list, in an input object). */
function holdsStrings(type: GraphQLInputType, seen = new Set<string>()): boolean {
  let t = getNullableType(type);
  while (isListType(t)) t = getNullableType(t.ofType);
  if (t === GraphQLString || t === GraphQLID) return true;
  if (!isInputObjectType(t) || seen.has(t.name)) return false;
  seen.add(t.name);
  return Object.values(t.getFields()).some((f) => holdsStrings(f.type, seen));
}

export const BOUNDED = Symbol('tally.stringArgumentsBounded');

/**
 * Wraps the resolver of every field with a string argument (in the schema as built) so its
 * arguments are checked first. Done once, on the built schema, so no field can forget it.
 */
export function boundStringArguments(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const args = field.args.filter((a) => holdsStrings(a.type));
      if (args.length === 0) continue;
      const inner: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const wrapped: GraphQLFieldResolver<unknown, unknown> = (source, values, context, info) => {
        for (const arg of args) check(arg, values[arg.name], arg.name, arg.name);
        return inner(source, values, context, info);
      };
      Object.assign(wrapped, { [BOUNDED]: true });
      field.resolve = wrapped;
    }
  }
}

/** The Dintero Billing API documents an account id as `^[PT]{1}\d{8}$`, 9 characters. */
export const DINTERO_ACCOUNT_ID_LENGTH = 9;
/** ISO 4217 alphabetic codes are three letters. */
export const CURRENCY_CODE_LENGTH = 3;
/** An e-mail address is at most 254 characters (RFC 5321's path limit less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;
