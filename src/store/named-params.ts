// The `:name` placeholders the stores' shared SQL uses, turned into the positional ones a driver takes: `$n` for
// PostgreSQL, `?n` for D1 (which documents only `?` and `?N`). Each name is bound once however often it appears.
// The SQL run through it holds no `::` casts and no colons in literals.

export function named(text: string, params: Record<string, unknown>, marker: '$' | '?'): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const index = new Map<string, number>();
  const converted = text.replace(/:([a-zA-Z]\w*)/g, (_match, name: string) => {
    if (!(name in params)) throw new Error(`missing SQL parameter ${name}`);
    let position = index.get(name);
    if (position === undefined) {
      // Neither driver stores `undefined`; an absent value is null, as the SQLite stores pass it.
      values.push(params[name] ?? null);
      position = values.length;
      index.set(name, position);
    }
    return `${marker}${position}`;
  });
  return { text: converted, values };
}
