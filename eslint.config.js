// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'web/src/generated/**', '.tools/**', 'test-artifacts/**', 'extensions/*/assets/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The storefront widget's sources: plain browser scripts (their built assets are ignored above).
    files: ['extensions/*/src/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    // The embedded admin (React, runs in the browser).
    files: ['web/frontend/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The API's shapes come from the server's wire module; only its types may be imported (erased by the build).
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)src/admin-api/', allowTypeImports: true, message: 'Server code must not reach the bundle: use `import type`.' },
          ],
        },
      ],
    },
  },
  {
    // The admin API's wire shapes (web/src/admin-api/wire/index.ts): types only, shared with the frontend.
    files: ['web/src/admin-api/wire/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./)', message: 'The wire module is read by the frontend too: import only from this folder.' }] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'VariableDeclaration, FunctionDeclaration, ClassDeclaration, TSEnumDeclaration, TSModuleDeclaration, ExpressionStatement, ExportDefaultDeclaration, ImportDeclaration[importKind="value"] > :matches(ImportSpecifier[importKind="value"], ImportDefaultSpecifier, ImportNamespaceSpecifier), ImportDeclaration[importKind="value"][specifiers.length=0], ExportNamedDeclaration[exportKind="value"], ExportAllDeclaration[exportKind="value"]',
          message: 'The wire module holds type declarations only (no runtime code): the frontend imports it with `import type`.',
        },
      ],
    },
  },
);
