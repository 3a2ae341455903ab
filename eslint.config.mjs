// Lint for every project. The module-boundary rule makes the dependency graph a
// checked fact: protocol knows no TensorFlow.js, the model knows no ZeroMQ or
// protobuf, data knows no model, and libraries never import apps.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/*.generated.js', '**/generated/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            {
              sourceTag: 'scope:protocol',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['@tensorflow/*'],
            },
            {
              sourceTag: 'scope:model',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['zeromq', 'zeromq/*', 'protobufjs', 'protobufjs/*'],
            },
            {
              sourceTag: 'scope:data',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['@tensorflow/*', 'zeromq', 'zeromq/*', 'protobufjs', 'protobufjs/*'],
            },
            {
              sourceTag: 'scope:config',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['@tensorflow/*', 'zeromq', 'zeromq/*', 'protobufjs', 'protobufjs/*'],
            },
            {
              sourceTag: 'scope:runs',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['@tensorflow/*', 'zeromq', 'zeromq/*', 'protobufjs', 'protobufjs/*'],
            },
            {
              sourceTag: 'scope:coordination',
              onlyDependOnLibsWithTags: ['scope:protocol', 'scope:config', 'scope:data', 'scope:model', 'scope:runs'],
            },
            {
              sourceTag: 'scope:worker-runtime',
              onlyDependOnLibsWithTags: ['scope:protocol', 'scope:config', 'scope:data', 'scope:model'],
            },
            { sourceTag: 'scope:evaluation', onlyDependOnLibsWithTags: ['scope:model', 'scope:data', 'scope:config'] },
            { sourceTag: 'scope:coordinator', onlyDependOnLibsWithTags: ['scope:coordination', 'scope:config'] },
            { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:worker-runtime', 'scope:config'] },
            {
              sourceTag: 'scope:cli',
              onlyDependOnLibsWithTags: ['scope:coordination', 'scope:worker-runtime', 'scope:config', 'scope:protocol', 'scope:model', 'scope:data', 'scope:runs', 'scope:evaluation'],
            },
          ],
        },
      ],
    },
  },
];
