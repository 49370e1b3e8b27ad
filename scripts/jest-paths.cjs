// Turns tsconfig.json "paths" into jest's moduleNameMapper, so aliases are declared once.
const path = require('node:path');
const tsconfig = require('../tsconfig.json');

function pathsToModuleNameMapper() {
  const root = path.resolve(__dirname, '..');
  const mapper = {};
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    if (alias.endsWith('/*')) continue; // covered by the `alias/(.*)` rule of its base
    mapper[`^${alias}$`] = path.join(root, target);
    mapper[`^${alias}/(.*)$`] = path.join(root, target, '$1');
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
