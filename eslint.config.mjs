import { config } from '@n8n/node-cli/eslint';

// n8n's own configuration for community nodes, unchanged, over the whole package. The
// tests and scripts are not node code: they run on the developer's machine, never inside
// n8n, so the rules that guard n8n's runtime (no timers, no process, only approved imports,
// no console, no child processes, n8n's error classes) do not apply to them.
export default [
	{ ignores: ['.build/**', 'coverage/**', 'gulpfile.js'] },
	...config,
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'no-console': 'off',
		},
	},
];
