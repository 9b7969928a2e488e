import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/', 'public/build/', 'node_modules/', 'data/', 'test-results/', 'playwright-report/', '.cache/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // The Remix app never reaches into the Node process; the server hands it what it needs.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/*', '../server', '../../server'],
              message: 'app/ must not import server/: take it from the load context.',
            },
          ],
        },
      ],
    },
  },
  {
    // Routes are thin: they call domain functions and read models, never queries.
    files: ['app/routes/**/*.{ts,tsx}', 'app/root.tsx'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/queries/*', '**/db/client'],
              allowTypeImports: true,
              message: 'Routes call the domain (app/domain), never queries.',
            },
            { group: ['**/server/*'], message: 'app/ must not import server/: take it from the load context.' },
          ],
        },
      ],
    },
  },
  {
    // What is readable and what is counted is said once (db/visibility.ts, used by the policy's visibility section).
    files: ['db/queries/**/*.ts', 'app/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TemplateElement[value.raw=/(deleted_at|hidden_at|held_at|merged_into_id) is null/]',
          message:
            'Use the visibility words (notDeleted, notHeld, inPublicView, onBoard from db/visibility.ts) instead of spelling out the columns.',
        },
      ],
    },
  },
  {
    // The database layer sits below the app: shared types live in db/types.ts.
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/*', '../app/**', '../../app/**'],
              message: 'db/ imports nothing from app/: move shared types down to db/types.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Components run in the browser: they may name server types, never import server code.
    files: ['app/components/**/*.tsx'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/*.server', '**/db/*', '**/db/queries/*'],
              allowTypeImports: true,
              message: 'Components run in the browser: take data from loaders.',
            },
            { group: ['**/server/*'], message: 'app/ must not import server/.' },
          ],
        },
      ],
    },
  },
)
