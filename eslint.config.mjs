// Lint for every project. The module-boundary rule makes the dependency graph a
// checked fact: protocol knows no TensorFlow.js, the model knows no ZeroMQ or
// protobuf, data knows no model, and libraries never import apps. The tensor record
// they share (tensor-types) is a leaf every library may import.
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
              sourceTag: 'scope:tensors',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['@tensorflow/*', 'zeromq', 'zeromq/*', 'protobufjs', 'protobufjs/*'],
            },
            {
              sourceTag: 'scope:protocol',
              onlyDependOnLibsWithTags: ['scope:tensors'],
              bannedExternalImports: ['@tensorflow/*'],
            },
            {
              sourceTag: 'scope:model',
              onlyDependOnLibsWithTags: ['scope:tensors'],
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
              onlyDependOnLibsWithTags: ['scope:tensors'],
              bannedExternalImports: ['@tensorflow/*', 'zeromq', 'zeromq/*', 'protobufjs', 'protobufjs/*'],
            },
            {
              sourceTag: 'scope:shm',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['@tensorflow/*', 'zeromq', 'zeromq/*', 'protobufjs', 'protobufjs/*'],
            },
            {
              sourceTag: 'scope:coordination',
              onlyDependOnLibsWithTags: ['scope:protocol', 'scope:config', 'scope:data', 'scope:model', 'scope:runs', 'scope:tensors', 'scope:shm'],
            },
            {
              sourceTag: 'scope:worker-runtime',
              onlyDependOnLibsWithTags: ['scope:protocol', 'scope:config', 'scope:data', 'scope:model', 'scope:tensors', 'scope:shm'],
            },
            { sourceTag: 'scope:evaluation', onlyDependOnLibsWithTags: ['scope:model', 'scope:data', 'scope:config', 'scope:tensors'] },
            { sourceTag: 'scope:coordinator', onlyDependOnLibsWithTags: ['scope:coordination', 'scope:config'] },
            { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:worker-runtime', 'scope:config'] },
            // The deployment manifests' checks read the CLI's flag table.
            { sourceTag: 'scope:deploy', onlyDependOnLibsWithTags: ['scope:config'] },
            {
              sourceTag: 'scope:cli',
              onlyDependOnLibsWithTags: [
                'scope:coordination',
                'scope:worker-runtime',
                'scope:config',
                'scope:protocol',
                'scope:model',
                'scope:data',
                'scope:runs',
                'scope:evaluation',
                'scope:tensors',
                'scope:shm',
              ],
            },
          ],
        },
      ],
    },
  },
];
