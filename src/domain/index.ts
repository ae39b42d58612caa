export * from './errors.ts';
export * from './dates.ts';
export * from './personal-id.ts';
export * from './citizen.ts';
export * from './civil-status.ts';
export * from './land.ts';
