// ESLint flat config: typescript-eslint's recommended rules over src, cli, web, test, scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', 'artifacts/**', 'coverage/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
      // flags `while ((m = re.exec(s)))` parsers and state machines whose last write is intentional
      'no-useless-assignment': 'off',
    },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  // the launcher is CommonJS (bin/package.json): Node's CommonJS loader starts sooner
  { files: ['bin/**/*.js'], languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __filename: 'readonly', __dirname: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    // only cli/ may talk to the console (architecture.md, boundary 4)
    files: ['src/**/*.ts', 'web/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
