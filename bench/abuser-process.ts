// The abusive client in a process of its own, started by bench/abuse.ts at the lowest CPU priority: on a real network
// the abuser runs on somebody else's machine, so it must not slow down the well-behaved clients' load generator or
// the upstream simulators, which share this machine's second core with it. Options come as JSON in argv[2];
// a 'stop' message ends it, and it answers with its report.
import { startAbuser, type AbuserOptions } from './abuser.ts';

const abuser = startAbuser(JSON.parse(process.argv[2]!) as AbuserOptions);
process.send!('started');
process.once('message', async () => {
  process.send!(await abuser.stop(), () => process.exit(0));
});
