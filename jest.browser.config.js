/** Browser tests: GraphiQL in Debian's headless Chromium (apt-get install chromium). */
/** @type {import('jest').Config} */
module.exports = {
  ...require('./jest.config.js'),
  testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
  testTimeout: 60_000,
};
