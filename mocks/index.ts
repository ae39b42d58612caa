// Public entry of the upstream simulators (population, civil status, land). Imports nothing from src/.
export { startPopulationSimulator } from './population.ts';
export { startCivilStatusSimulator } from './civil-status.ts';
export { startLandSimulator } from './land.ts';
export { startSimulators } from './start-all.ts';
export type { RunningSimulators, StartSimulatorsOptions } from './start-all.ts';
export { DEMO_CREDENTIALS } from './credentials.ts';
export { createDataset, getDataset, DEFAULT_SEED } from './data/dataset.ts';
export type { Dataset } from './data/dataset.ts';
export type {
  CivilStatusSimulator, CivilStatusSimulatorOptions, ErrorMode, FaultControl, FaultPatch, Faults,
  LandSimulatorOptions, ParcelRef, PopulationSimulator, PopulationSimulatorOptions, RetryAfterFault, Sample,
  Simulator, SimulatorName, SimulatorOptions, SimulatorStats,
} from './types.ts';
