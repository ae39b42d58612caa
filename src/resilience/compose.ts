// Composes policies into one: the first is the outermost, so a pipeline reads in the order a call meets them.

import type { Handler, Policy } from './types.ts';

/** `compose(a, b, c)(fn)` is `a(b(c(fn)))`: a call enters `a` first and reaches `fn` last. */
export function compose(...policies: Policy[]): Policy {
  return function composed<T>(next: Handler<T>): Handler<T> {
    let handler = next;
    for (let i = policies.length - 1; i >= 0; i--) handler = policies[i]!(handler);
    return handler;
  };
}
