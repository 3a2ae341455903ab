// The root lint config plus the one module-boundary constraint of this project (its
// tags type:deploy, scope:deploy match none of the root's, and a project that matches
// none may import no library): its checks read the CLI's flag table, @acgan/config.
// ESLint takes this file because deploy:lint runs in deploy/. The constraint belongs in
// the root eslint.config.mjs beside the others; it is here only until it moves there.
import root from '../eslint.config.mjs';

const RULE = '@nx/enforce-module-boundaries';
const DEPLOY = { sourceTag: 'scope:deploy', onlyDependOnLibsWithTags: ['scope:config'] };

export default root.map((entry) => {
  const rule = entry.rules?.[RULE];
  if (!rule) return entry;
  const [level, options] = rule;
  return { ...entry, rules: { ...entry.rules, [RULE]: [level, { ...options, depConstraints: [...options.depConstraints, DEPLOY] }] } };
});
