// The fault suite (`npm run test:faults`): real servers, the compiled worker (dist/), faults
// injected for real (SIGKILL, TCP cut, server restarts) and hostile input. Run only by that
// script, in band, so scenarios never overlap; the table reporter prints one row per
// scenario and fails the run unless every row keeps the mail promise (see README, "Fault
// suite"), or on a missing row. FAULTS_SIZE=ci (npm run test:faults:ci) runs the CI size.
const path = require('node:path');
const { pathsToModuleNameMapper } = require('../scripts/jest-paths.cjs');

const root = path.join(__dirname, '..');

module.exports = {
  rootDir: root,
  roots: ['<rootDir>/faults'],
  testEnvironment: 'node',
  testMatch: ['<rootDir>/faults/**/*.fault-spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
    // openid-client and its dependencies are ESM-only (as in jest.config.js): compiled to
    // CommonJS, or every scenario that builds the API fails to load.
    '^.+\\.js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${['openid-client', 'oauth4webapi', 'jose'].join('|')})/)`],
  moduleNameMapper: pathsToModuleNameMapper(),
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/data/', '<rootDir>/.tools/'],
  globalSetup: '<rootDir>/faults/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Scenario order: the cheap one first, then the mail faults, then the server restarts.
  testSequencer: '<rootDir>/faults/sequencer.cjs',
  reporters: ['default', '<rootDir>/faults/table-reporter.cjs'],
  testTimeout: 600_000,
};
