// Shipped code (nodes/, credentials/, package.json) gets n8n's own rule set, imported as is
// from @n8n/node-cli: the config `n8n-node lint` applies in strict mode (Cloud rules,
// eslint-plugin-n8n-nodes-base, @n8n/eslint-plugin-community-nodes, import-x). It is only
// scoped to the shipped files: tests, the sandbox, the bench and scripts never ship and may use
// timers, process and the file system, so they get the TypeScript rules alone.
// Why not "strict": true: CONTRIBUTING.md, "Lint and n8n's checks".
import js from '@eslint/js';
import { config as n8nStrict } from '@n8n/node-cli/eslint';
import tseslint from 'typescript-eslint';

const SHIPPED_TS = ['nodes/**/*.ts', 'credentials/**/*.ts'];

// n8n's blocks that target every TypeScript file are narrowed to the shipped ones.
const scoped = n8nStrict.map((block) =>
	block.files?.some((glob) => glob === '**/*.ts') ? { ...block, files: SHIPPED_TS } : block,
);

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
	...scoped,
	// As n8n's scanner lints: inline eslint-disable comments in shipped code count for nothing.
	{ files: [...SHIPPED_TS, 'package.json'], linterOptions: { noInlineConfig: true } },
	...tseslint.config({
		files: ['**/*.ts'],
		ignores: SHIPPED_TS,
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'prefer-spread': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	}),
];
