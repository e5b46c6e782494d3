// CLI options generated from the contract: one `--kebab-case` flag per field of a config schema
// (the config's own field names), with the help text and default the contract carries, so no
// default or name is written twice. Values are parsed by type and checked by the schema.
// Reference: commander's option API (negatable `--no-x`), src/contract/training.ts.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { z } from 'zod';
import { describeIssue } from '../../src/contract/common.ts';
import { UserError } from '../errors.ts';

/** `gradClip` → `grad-clip` (commander maps `--grad-clip` back to `gradClip`). */
export const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

type Kind = { type: 'number'; int: boolean; nullable: boolean } | { type: 'enum'; values: string[] } | { type: 'boolean' } | { type: 'string' };

/** What a field's schema takes, read from zod's definition (optional/nullable/default unwrapped). */
function kindOf(schema: z.ZodType): Kind {
  let s = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType; entries?: Record<string, string> } };
  let nullable = false;
  while (s.def.type === 'optional' || s.def.type === 'nullable' || s.def.type === 'default') {
    if (s.def.type === 'nullable') nullable = true;
    s = s.def.innerType as typeof s;
  }
  if (s.def.type === 'number') return { type: 'number', int: (s as unknown as z.ZodNumber).isInt, nullable };
  if (s.def.type === 'enum') return { type: 'enum', values: Object.values(s.def.entries!) };
  if (s.def.type === 'boolean') return { type: 'boolean' };
  return { type: 'string' };
}

function numberArg(int: boolean, nullable: boolean) {
  return (value: string): number | null => {
    if (nullable && (value === 'none' || value === 'null')) return null;
    const n = Number(value);
    if (!Number.isFinite(n) || (int && !Number.isInteger(n))) throw new InvalidArgumentError(`expected ${int ? 'a whole number' : 'a number'}${nullable ? ' or none' : ''}`);
    return n;
  };
}

const shown = (v: unknown) => (v === null ? 'none' : String(v));

/**
 * Adds a flag for each field of `fields`; `defaults` (the library's) goes into the help only,
 * so a flag left out stays undefined and the library's own rule fills it.
 */
export function addFieldOptions(cmd: Command, fields: Record<string, z.ZodType>, defaultValues: object = {}): Command {
  const defaults = defaultValues as Record<string, unknown>;
  for (const [name, schema] of Object.entries(fields)) {
    const kind = kindOf(schema);
    const help = schema.description ?? name;
    const withDefault = name in defaults && !/default/.test(help) ? `${help} (default: ${shown(defaults[name])})` : help;
    if (kind.type === 'boolean') {
      cmd.addOption(new Option(`--${kebab(name)}`, withDefault));
      cmd.addOption(new Option(`--no-${kebab(name)}`, `the opposite of --${kebab(name)}`));
      continue;
    }
    const arg = kind.type === 'enum' ? `<${kind.values.join('|')}>` : kind.type === 'number' ? (kind.int ? '<n>' : '<x>') : '<value>';
    const option = new Option(`--${kebab(name)} ${arg}`, withDefault);
    if (kind.type === 'enum') option.choices(kind.values);
    if (kind.type === 'number') option.argParser(numberArg(kind.int, kind.nullable));
    cmd.addOption(option);
  }
  return cmd;
}

/**
 * A library error in the words of the CLI: each field name of `fields` it mentions ("nEmbd (128)
 * must be divisible by nHead (3)") becomes the flag the user typed ("--n-embd (128) … --n-head (3)").
 */
export function withFlagNames(message: string, ...fields: Record<string, unknown>[]): string {
  const names = fields.flatMap((f) => Object.keys(f)).filter((n) => /[A-Z]/.test(n));
  return names.reduce((m, n) => m.replace(new RegExp(`(?<![\\w-])${n}\\b`, 'g'), `--${kebab(n)}`), message);
}

/** The fields of `fields` that the user gave, checked against `schema` (errors name the flag). */
export function pickFields<T extends z.ZodType>(opts: Record<string, unknown>, fields: Record<string, z.ZodType>, schema: T): z.infer<T> {
  const given = Object.fromEntries(Object.keys(fields).filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]]));
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? String(issue.path[0]) : '';
  throw new UserError(400, field ? `--${kebab(field)}: ${issue.message}` : describeIssue(result.error));
}
