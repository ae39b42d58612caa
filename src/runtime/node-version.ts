// The one Node version check, run before anything that needs Node 24 is loaded (node:sqlite is a built-in only
// from Node 22.5, unflagged and stable enough for the store from 24).
export const MINIMUM_NODE_MAJOR = 24;

/** One line saying why this Node cannot run the gateway, or undefined when it can. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return undefined;
  return `The gateway needs Node.js ${MINIMUM_NODE_MAJOR} or newer; this is Node.js ${version}. Install Node.js ${MINIMUM_NODE_MAJOR} (see README, Running in production).`;
}

/** For an entry point, before its first dynamic import: one line and exit 1 on an older Node. */
export function exitIfNodeTooOld(): void {
  const problem = nodeVersionProblem(process.versions.node);
  if (!problem) return;
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
