// The metric names a PromQL expression reads: a small tokenizer, enough for our dashboard and alerting rules
// (promtool is not available here to do it properly).

/**
 * Aggregation operators (`sum by (le) (…)` puts a modifier between the name and its parenthesis), their
 * modifiers and the set operators: words of the language, never metric names.
 */
const KEYWORDS = new Set([
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio',
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'atan2', 'inf', 'nan',
]);
/** Keywords followed by a parenthesised list of label names, not of expressions. */
const LABEL_LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/**
 * Metric names in `expr`, in order of first use: identifiers that are not functions (followed by `(`), keywords,
 * label names or values (inside `{…}` or after `by (…)`), strings, durations (inside `[…]`) or Grafana variables.
 */
export function metricNamesIn(expr: string): string[] {
  const names: string[] = [];
  let index = 0;
  while (index < expr.length) {
    const char = expr[index]!;
    if (char === '"' || char === "'" || char === '`') index = endOfString(expr, index);
    else if (char === '{') index = closing(expr, index, '{', '}');
    else if (char === '[') index = closing(expr, index, '[', ']');
    else if (char === '#') index = lineEnd(expr, index);
    else if (char === '$') index = wordEnd(expr, index + 1);
    else if (/[0-9.]/.test(char)) index = wordEnd(expr, index);
    else if (/[a-zA-Z_:]/.test(char)) {
      const end = wordEnd(expr, index);
      const word = expr.slice(index, end);
      const next = nextNonSpace(expr, end);
      if (LABEL_LIST_KEYWORDS.has(word) && expr[next] === '(') index = closing(expr, next, '(', ')');
      else {
        if (expr[next] !== '(' && !KEYWORDS.has(word.toLowerCase()) && !names.includes(word)) names.push(word);
        index = end;
      }
    } else index += 1;
  }
  return names;
}

/**
 * Metric names of a Grafana template-variable query: `label_values(metric{…}, label)` reads `metric` only (its
 * second argument is a label); `query_result(expr)` and a plain expression are PromQL.
 */
export function metricNamesInVariableQuery(query: string): string[] {
  const labelValues = /^\s*label_values\(\s*(.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$/s.exec(query);
  if (labelValues) return metricNamesIn(labelValues[1]!);
  if (/^\s*label_values\(\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$/.test(query)) return [];
  return metricNamesIn(query);
}

function wordEnd(text: string, from: number): number {
  let index = from;
  while (index < text.length && /[a-zA-Z0-9_:.]/.test(text[index]!)) index += 1;
  return index;
}

function nextNonSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index]!)) index += 1;
  return index;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

function endOfString(text: string, from: number): number {
  const quote = text[from];
  let index = from + 1;
  while (index < text.length && text[index] !== quote) index += text[index] === '\\' && quote !== '`' ? 2 : 1;
  return index + 1;
}

/** Index just past the bracket that closes the one at `from`, skipping strings inside. */
function closing(text: string, from: number, open: string, close: string): number {
  let depth = 0;
  let index = from;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"' || char === "'" || char === '`') {
      index = endOfString(text, index);
      continue;
    }
    if (char === open) depth += 1;
    else if (char === close && --depth === 0) return index + 1;
    index += 1;
  }
  throw new Error(`unbalanced ${open} at ${from} in: ${text}`);
}
