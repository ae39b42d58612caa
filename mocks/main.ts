// `npm run mocks`: runs the three upstream simulators as standalone servers for local development.
// Ports and host come from flags (--population-port 9101 …) or env (SIM_POPULATION_PORT …).
import { parseArgs } from 'node:util';
import { DEMO_CREDENTIALS } from './credentials.ts';
import { startSimulators } from './start-all.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    'population-port': { type: 'string' },
    'civil-status-port': { type: 'string' },
    'land-port': { type: 'string' },
    seed: { type: 'string' },
  },
});

function port(flag: string | undefined, env: string, fallback: number): number {
  const raw = flag ?? process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    throw new Error(`${env} / --${env.slice(4).toLowerCase().replace(/_/g, '-')}: "${raw}" is not a port number`);
  }
  return value;
}

const seedText = values.seed ?? process.env.SIM_SEED;
if (seedText && !Number.isSafeInteger(Number(seedText))) throw new Error(`SIM_SEED / --seed: "${seedText}" is not an integer`);
const simulators = await startSimulators({
  host: values.host ?? process.env.SIM_HOST ?? '127.0.0.1',
  ports: {
    population: port(values['population-port'], 'SIM_POPULATION_PORT', 9101),
    civilStatus: port(values['civil-status-port'], 'SIM_CIVIL_STATUS_PORT', 9102),
    land: port(values['land-port'], 'SIM_LAND_PORT', 9103),
  },
  ...(seedText ? { seed: Number(seedText) } : {}),
});

const sample = await (await fetch(`${simulators.population.url}/__sim/sample`)).json() as {
  citizens: string[]; deceased: string; unknownPersonalId: string; certificates: string[];
  parcels: { communeCode: string; mapSheet: string; parcelNumber: string }[]; unprovisionedCommune: string;
};
const { population, civilStatus, land } = DEMO_CREDENTIALS;
const parcel = sample.parcels[0];
process.stdout.write(`
  UPSTREAM SIMULATORS: synthetic data only, not the real national systems.
  ------------------------------------------------------------------------
  population    ${simulators.population.url}   OAuth2 client ${population.clientId} / ${population.clientSecret}
  civil status  ${simulators.civilStatus.url}   login ${civilStatus.username} / ${civilStatus.password}
  land (SOAP)   ${simulators.land.url}   Basic ${land.username} / ${land.password}   WSDL ${simulators.land.url}/dat-dai/ws?wsdl

  Try: citizens ${sample.citizens.slice(0, 3).join(', ')} · deceased ${sample.deceased} · unknown ${sample.unknownPersonalId}
       parcel ${parcel?.communeCode}/${parcel?.mapSheet}/${parcel?.parcelNumber} · certificate ${sample.certificates[0]}`
  + ` · unprovisioned commune ${sample.unprovisionedCommune}
  More at GET <url>/__sim/sample; faults at GET/PUT/DELETE <url>/__sim/faults; stats at GET <url>/__sim/stats.
  Ctrl+C to stop.

`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping simulators…\n`);
  await simulators.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
