/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		// Type checking is `npm run build`'s job; here ts-jest only transpiles, which keeps
		// the suite fast.
		'^.+\\.ts$': 'ts-jest',
	},
	testTimeout: 60000,
	globalSetup: '<rootDir>/test/support/globalSetup.ts',
	globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
};
