// The configuration reference (docs/configuration.md), generated from the zod schema itself: every key path, its
// type, default and description. Pure: the schema in, Markdown out; scripts/config-reference.ts writes the file.
import { z } from 'zod';

/** One key of the configuration, as it appears in the reference. */
export interface ReferenceRow {
  /** `upstreams.*.deadlineMs`, `alerts.channels[].url`: `*` where every sibling shares the key, `{a,b}` where some do. */
  path: string;
  type: string;
  /** The default as YAML would write it; `—` for an optional key without one, `required` for a required one. */
  defaultValue: string;
  description: string | undefined;
}

interface Segment { key: string; siblings: readonly string[]; variant?: string }
interface RawRow { segments: Segment[]; schema: z.ZodType; type: string; defaultValue: string; description: string | undefined }

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType;
  valueType?: z.ZodType; options?: z.ZodType[]; discriminator?: string; defaultValue?: unknown; entries?: Record<string, unknown>;
  values?: unknown[]; format?: string };
const defOf = (schema: z.ZodType) => schema._zod.def as unknown as Def;

/** Peels optional/default/prefault/pipe wrappers, collecting the first description and the default on the way. */
function unwrap(schema: z.ZodType) {
  let description = schema.description;
  let defaultValue: unknown;
  let optional = false;
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional') optional = true;
    else if (def.type === 'default' || def.type === 'prefault') defaultValue ??= def.defaultValue;
    else if (def.type !== 'nullable' && def.type !== 'pipe') break;
    current = (def.innerType ?? def.in)!;
    description ??= current.description;
  }
  return { core: current, description, defaultValue, optional };
}

const isObject = (schema: z.ZodType) => defOf(schema).type === 'object';
function isSecret(schema: z.ZodType): boolean {
  const def = defOf(schema);
  return def.type === 'union' && def.options!.some((option) => {
    const shape = defOf(option).shape;
    return shape !== undefined && Object.keys(shape).join() === 'env';
  });
}
const objectOptions = (schema: z.ZodType) => {
  const def = defOf(schema);
  return def.type === 'union' && def.options!.every((option) => isObject(unwrap(option).core)) ? def.options!.map((o) => unwrap(o).core) : undefined;
};

/** A short human type: `integer 50–60000`, `URL`, `secret`, `list of string`, `map of string → integer ≥ 50`. */
export function typeName(schema: z.ZodType): string {
  const { core } = unwrap(schema);
  if (isSecret(core)) return 'secret';
  const def = defOf(core);
  switch (def.type) {
    case 'string': return { url: 'URL', email: 'email', datetime: 'date-time with offset' }[def.format ?? ''] ?? 'string';
    case 'number': {
      const number = core as z.ZodNumber;
      const min = number.minValue !== null && number.minValue > -Number.MAX_SAFE_INTEGER ? number.minValue : undefined;
      const max = number.maxValue !== null && number.maxValue < Number.MAX_SAFE_INTEGER ? number.maxValue : undefined;
      const range = min !== undefined && max !== undefined ? ` ${min}–${max}` : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : '';
      return `${number.isInt ? 'integer' : 'number'}${range}`;
    }
    case 'boolean': return 'boolean';
    case 'enum': return `one of ${Object.values(def.entries!).map((v) => `\`${String(v)}\``).join(', ')}`;
    case 'literal': return def.values!.map((v) => `\`${String(v)}\``).join(', ');
    case 'array': return isObject(unwrap(def.element!).core) || objectOptions(unwrap(def.element!).core) ? 'list' : `list of ${typeName(def.element!)}`;
    case 'record': return isObject(unwrap(def.valueType!).core) ? 'map' : `map of name → ${typeName(def.valueType!)}`;
    case 'object': return 'object';
    case 'union': return def.options!.map(typeName).join(' or ');
    default: return def.type;
  }
}

/** A default the way a YAML file would write it. */
function yamlValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(yamlValue).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return `{${Object.entries(value).map(([k, v]) => `${k}: ${yamlValue(v)}`).join(', ')}}`;
  return String(value);
}

function collect(schema: z.ZodType, segments: Segment[], rows: RawRow[]): void {
  const def = defOf(schema);
  if (def.type === 'object') {
    const keys = Object.keys(def.shape!);
    for (const [key, property] of Object.entries(def.shape!)) {
      const { core, description, defaultValue, optional } = unwrap(property);
      const path = [...segments, { key, siblings: keys }];
      const container = isObject(core) || defOf(core).type === 'array' && isObject(unwrap(defOf(core).element!).core);
      // An object's default is worth showing only when it says more than its keys' own defaults.
      const shown = defaultValue !== undefined && container && !hasRequiredKey(core) ? 'see its keys'
        : defaultValue !== undefined ? `\`${yamlValue(defaultValue)}\`` : optional ? '—' : 'required';
      rows.push({ segments: path, schema: property, type: typeName(property), defaultValue: shown, description });
      collectInner(core, path, rows);
    }
  }
}

function hasRequiredKey(schema: z.ZodType): boolean {
  const shape = defOf(schema).shape;
  return shape !== undefined && Object.values(shape).some((property) => {
    const { defaultValue, optional } = unwrap(property);
    return defaultValue === undefined && !optional;
  });
}

function collectInner(core: z.ZodType, path: Segment[], rows: RawRow[]): void {
  const def = defOf(core);
  if (def.type === 'object') return collect(core, path, rows);
  if (def.type === 'record' && isObject(unwrap(def.valueType!).core)) return collect(unwrap(def.valueType!).core, [...path, { key: '<name>', siblings: [] }], rows);
  if (def.type !== 'array') return;
  const element = unwrap(def.element!).core;
  const last = path.at(-1)!;
  const listPath = [...path.slice(0, -1), { ...last, key: `${last.key}[]` }];
  const options = objectOptions(element);
  if (options === undefined) return collectInner(element, listPath, rows);
  const discriminator = defOf(element).discriminator ?? 'type';
  const labels = options.map((option) => String(defOf(defOf(option).shape![discriminator]!).values![0]));
  const kinds = labels.map((label) => `\`${label}\``).join(', ');
  rows.push({ segments: [...listPath, { key: discriminator, siblings: [] }], schema: element, type: `one of ${kinds}`, defaultValue: 'required',
    description: `Which kind of entry this is; keys marked \`(${discriminator}: …)\` belong to that kind only.` });
  options.forEach((option, index) => {
    const { [discriminator]: _, ...shape } = defOf(option).shape!;
    collect(z.object(shape), [...listPath, { key: labels[index]!, siblings: labels, variant: discriminator }], rows);
  });
}

/**
 * Every key of the schema, in declaration order. A key shared by siblings (the same schema object under each
 * upstream, each probe, each kind of alert channel) is one row, its differing segment written `*` or `{a,b}`.
 */
export function referenceRows(schema: z.ZodType): ReferenceRow[] {
  const raw: RawRow[] = [];
  collect(schema, [], raw);
  const merged: { row: RawRow; at?: number; keys: Set<string> }[] = [];
  for (const row of raw) {
    const match = merged.find((entry) => entry.row.schema === row.schema && entry.row.segments.length === row.segments.length
      && row.segments.every((segment, i) => i === (entry.at ?? differingAt(entry.row, row)) || segment.key === entry.row.segments[i]!.key));
    if (match === undefined) { merged.push({ row, keys: new Set() }); continue; }
    match.at ??= differingAt(match.row, row);
    match.keys.add(match.row.segments[match.at]!.key).add(row.segments[match.at]!.key);
  }
  return merged.map(({ row, at, keys }) => {
    let note = '';
    const path = row.segments.flatMap((segment, i) => {
      const shared = i === at ? [...keys] : [segment.key];
      const all = shared.length === segment.siblings.length && segment.siblings.length > 1;
      if (segment.variant !== undefined) {
        if (!all) note = `(${segment.variant}: ${shared.join(', ')}) `;
        return [];
      }
      return [all ? '*' : shared.length > 1 ? `{${shared.join(',')}}` : segment.key];
    }).join('.').replaceAll('.[]', '[]');
    return { path, type: row.type, defaultValue: row.defaultValue, description: row.description === undefined ? undefined : note + row.description };
  });
}

function differingAt(a: RawRow, b: RawRow): number {
  return a.segments.findIndex((segment, i) => segment.key !== b.segments[i]!.key);
}
