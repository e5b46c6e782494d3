// What a form needs to draw one field of a config from the contract's zod schema: a number
// input (bounds, whole or not, may be left empty), a select (the enum's options) or a checkbox,
// and the schema's one-line description. Leaves out strings and nested objects (no config field is one).
import type { z } from 'zod';

export type FieldSpec =
  | { kind: 'number'; int: boolean; min: number | undefined; max: number | undefined; nullable: boolean; description: string }
  | { kind: 'enum'; options: readonly string[]; nullable: boolean; description: string }
  | { kind: 'boolean'; nullable: boolean; description: string };

interface Introspectable {
  def: { type: string };
  description?: string;
  unwrap?: () => Introspectable;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: readonly string[];
}

const finite = (v: number | null | undefined) => (v != null && Number.isFinite(v) ? v : undefined);

/** The spec of a field's schema; throws, naming the type, for a schema no input can show. */
export function fieldSpec(schema: z.ZodType): FieldSpec {
  let s = schema as unknown as Introspectable;
  const description = s.description ?? '';
  const nullable = s.def.type === 'nullable';
  if (nullable) s = s.unwrap!();
  switch (s.def.type) {
    case 'number':
      return { kind: 'number', int: s.isInt === true, min: finite(s.minValue), max: finite(s.maxValue), nullable, description };
    case 'enum':
      return { kind: 'enum', options: s.options ?? [], nullable, description };
    case 'boolean':
      return { kind: 'boolean', nullable, description };
    default:
      throw new Error(`a config field of type "${s.def.type}" has no form input`);
  }
}

/** The number an input's text stands for: null when empty (a field left to its rule), NaN when not a number. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  return t === '' ? null : Number(t);
}

/** Why a value does not fit the field, or null when it does (the same bounds the server checks). */
export function fieldProblem(name: string, schema: z.ZodType, value: unknown): string | null {
  if (value === null && fieldSpec(schema).nullable) return null;
  const r = schema.safeParse(value);
  return r.success ? null : `${name}: ${r.error.issues[0]!.message}`;
}
