// A child logger made on first use. Most requests log only their access line (through the parent), so making a
// pino child with the request id for every request was wasted work on the hot path (it showed in the profile).
import type { Logger } from './services.ts';

export class LazyChildLogger implements Logger {
  #child: Logger | undefined;
  readonly #parent: Logger;
  readonly #bindings: Record<string, unknown>;

  constructor(parent: Logger, bindings: Record<string, unknown>) {
    this.#parent = parent;
    this.#bindings = bindings;
  }

  #logger(): Logger {
    return (this.#child ??= this.#parent.child(this.#bindings));
  }

  info(object: object, message?: string): void {
    this.#logger().info(object, message);
  }

  warn(object: object, message?: string): void {
    this.#logger().warn(object, message);
  }

  error(object: object, message?: string): void {
    this.#logger().error(object, message);
  }

  debug(object: object, message?: string): void {
    this.#logger().debug(object, message);
  }

  child(bindings: Record<string, unknown>): Logger {
    return this.#logger().child(bindings);
  }
}
