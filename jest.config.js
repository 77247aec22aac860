/** Jest runs the TypeScript sources directly (SWC strips types, keeps ESM). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }],
  },
  testTimeout: 60000,
  // after the summary: why each skipped test was skipped (test/helpers/skip.ts)
  reporters: ['default', '<rootDir>/test/helpers/skip-reporter.mjs'],
};
