import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// The stdout destination batches lines per event-loop turn; lines logged just before the process ends must not
// be left in the batch.
const SCRIPT = `
import { createLogger } from './src/runtime/logger.ts';
const log = createLogger('info');
for (let i = 0; i < 3; i += 1) log.info({ i }, 'line');
if (process.argv[1] === 'exit') process.exit(0);
`;

describe('stdout logger', () => {
  it.each([['ends on its own', 'end'], ['calls process.exit', 'exit']])('writes every line when the process %s', async (_name, how) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT, how]);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { i: number; msg: string });
    expect(lines.map((line) => line.i)).toEqual([0, 1, 2]);
  });
});
