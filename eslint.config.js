import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'var', '.cache', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // bot/ is the wechaty adapter: it hands inbound messages to the chat core (src/chat) and sends
    // replies; persistence is reached only through the core's ports and the container's services
    files: ['bot/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'mongoose',
              message: 'bot/ is a chat adapter: reach the database through src/chat ports or services',
            },
          ],
          patterns: [
            {
              group: ['**/src/db', '**/src/db/**'],
              message: 'bot/ is a chat adapter: reach the database through src/chat ports or services',
            },
          ],
        },
      ],
    },
  },
  {
    // the chat core knows no chat platform
    files: ['src/chat/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['wechaty', 'wechaty-*', '**/bot/**', 'mongoose'],
              message: 'src/chat is the channel-free chat core',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // the console's single-file components: Vue's recommended rules, their <script lang="ts"> parsed by
  // typescript-eslint; layout is prettier's
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['console/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: {
      // names are checked by vue-tsc (npm run typecheck:console), which knows the DOM's globals
      'no-undef': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
    },
  },
  {
    // the web console runs in the browser and talks to the API over HTTP: of the server's code it may
    // import types only (the board's row and count shapes), never a module that would end up in the bundle
    files: ['console/**/*.ts', 'console/**/*.vue'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '**/bot/**', '**/jobs/**', '**/test/**', '**/fixtures/**'],
              allowTypeImports: true,
              message: 'console/ talks to the API over HTTP: import the server’s types only (import type)',
            },
          ],
        },
      ],
    },
  },
)
