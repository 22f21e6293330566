import { Type, type SchemaOptions, type TNull, type TSchema, type TUnion, type TUnsafe } from '@sinclair/typebox';

/**
 * A string enum as JSON Schema `{ enum: [...] }` typed as the union of its values. TypeBox's own
 * `Type.Union([Type.Literal(…)])` would document an `anyOf` of `const`s instead: the same values,
 * a noisier OpenAPI document and different validation messages.
 *
 * @example
 * const Format = StringEnum(['json', 'csv']); // { enum: ['json', 'csv'] }
 * type Format = Static<typeof Format>;        // 'json' | 'csv'
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, enum: [...values] });
}

/**
 * A value or `null`, as JSON Schema `{ anyOf: [schema, { type: 'null' }] }` (OpenAPI 3.1).
 *
 * @example
 * const LinkUrl = Nullable(Type.String({ format: 'uri' }));
 * type LinkUrl = Static<typeof LinkUrl>; // string | null
 */
export function Nullable<T extends TSchema>(schema: T): TUnion<[T, TNull]> {
  return Type.Union([schema, Type.Null()]);
}

