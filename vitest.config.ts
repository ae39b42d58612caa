import { configDefaults, defineConfig } from 'vitest/config';

// Tests that need an outside program get it from a project's global setup, which vitest runs only when that project
// has a file in the run: `npm test -- some.test.ts` starts no PostgreSQL and looks for no Chromium.
const NEEDS_POSTGRES = ['src/**/postgres-*.test.ts', 'tests/**/postgres-*.test.ts']; // inject('databaseUrl')
const NEEDS_CHROMIUM = ['tests/browser/**/*.test.ts']; // inject('chromium')
// Workers: D1 stores and the bundled Worker in workerd, driven through Miniflare's Node API (README, On Cloudflare Workers).
const ON_WORKERD = ['src/**/d1-*.test.ts', 'tests/workers/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['src/**/*.test.ts', 'mocks/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...NEEDS_POSTGRES, ...NEEDS_CHROMIUM, ...ON_WORKERD],
        },
      },
      { extends: true, test: { name: 'postgres', include: NEEDS_POSTGRES, globalSetup: ['tests/support/postgres-global-setup.ts'] } },
      { extends: true, test: { name: 'browser', include: NEEDS_CHROMIUM, globalSetup: ['tests/support/chromium-global-setup.ts'] } },
      { extends: true, test: { name: 'workers', include: ON_WORKERD } },
    ],
  },
});
