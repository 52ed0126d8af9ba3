/** Jest runs TypeScript through SWC; `npm run typecheck` does the type checking. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      baseUrl: __dirname,
      paths: { 'src/*': ['src/*'] },
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // Integration tests talk to real PostgreSQL, Redis, SMTP and Slack stand-ins, and wait a flush interval or two.
  testTimeout: 20_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper: { '^src/(.*)$': '<rootDir>/src/$1' },
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper: { '^src/(.*)$': '<rootDir>/src/$1' },
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
