/**
 * `npm run test:system`: the suites that need Debian packages (scripts/system-test.js installs
 * them first). Never part of `npm test`, which a machine with only Node and npm must pass.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/system/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 60_000,
};
