// Reads a Dockerfile into stages and instructions, enough for the deploy tests to check deploy/Dockerfile's rules
// and rehearse its runtime stage where no Docker engine runs. Not a full parser: no heredocs, no escape directive.

export interface Instruction {
  keyword: string;
  /** Leading `--name=value` options (`--from=build`, `--mount=…`, `--interval=15s`). */
  flags: Record<string, string>;
  /** The rest, after the flags. */
  args: string;
  /** The rest as a JSON array, when written in exec form. */
  exec?: string[];
}

export interface Stage {
  name: string;
  /** The base image, with build ARG defaults substituted. */
  from: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const instruction = parseInstruction(line);
    const stage = stages.at(-1);
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      const from = image!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string, bare: string) => args[braced ?? bare] ?? '');
      stages.push({ name: as?.toUpperCase() === 'AS' ? name! : String(stages.length), from, instructions: [] });
    } else if (!stage && instruction.keyword === 'ARG') {
      const [name, value = ''] = instruction.args.split('=');
      args[name!] = value;
    } else if (stage) {
      stage.instructions.push(instruction);
    } else {
      throw new Error(`${instruction.keyword} before the first FROM`);
    }
  }
  return { args, stages };
}

function parseInstruction(line: string): Instruction {
  const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line)!;
  const flags: Record<string, string> = {};
  let args = rest!;
  for (let flag = /^--([\w-]+)=(\S+)\s*/.exec(args); flag; flag = /^--([\w-]+)=(\S+)\s*/.exec(args)) {
    flags[flag[1]!] = flag[2]!;
    args = args.slice(flag[0].length);
  }
  const instruction: Instruction = { keyword: keyword!.toUpperCase(), flags, args };
  const execText = instruction.keyword === 'HEALTHCHECK' ? args.replace(/^CMD\s+/, '') : args;
  if (execText.startsWith('[')) instruction.exec = JSON.parse(execText) as string[];
  return instruction;
}

/** The stage's instructions with this keyword. */
export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}
