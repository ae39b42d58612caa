// Demo credentials the simulators accept by default; synthetic, for local runs and tests only.

export const DEMO_CREDENTIALS = {
  population: { clientId: 'demo-gateway', clientSecret: 'demo-secret' },
  civilStatus: { username: 'demo-xa', password: 'demo-password' },
  land: { username: 'demo-land', password: 'demo-password' },
} as const;
