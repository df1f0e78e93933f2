/**
 * Package boundaries (STYLE.md): libs never import services, services never import each
 * other (except the `cli` composition root, which starts them), packages reach each other
 * only through their front door (`src/index.ts`), and there are no import cycles.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make start-up order and reasoning fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'libs-never-import-services',
      severity: 'error',
      from: { path: '^(libs|schemas)/' },
      to: { path: '^services/' },
    },
    {
      name: 'schemas-import-no-lib',
      severity: 'error',
      comment:
        'The event contract stands alone: everything depends on it, it depends on nothing of ours.',
      from: { path: '^schemas/' },
      to: { path: '^(libs|services)/' },
    },
    {
      name: 'services-never-import-each-other',
      severity: 'error',
      comment:
        'Services talk through the event log only; the cli is the composition root that starts them.',
      from: { path: '^services/([^/]+)/', pathNot: '^services/cli/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'only-through-the-front-door',
      severity: 'error',
      comment: 'Another package is imported by its name, which resolves to its src/index.ts.',
      from: { path: '^(libs|services)/([^/]+)/' },
      to: {
        path: '^(libs|services)/[^/]+/src/',
        pathNot: ['^(libs|services)/$2/', '^(libs|services)/[^/]+/src/index\\.ts$'],
      },
    },
    {
      name: 'schemas-only-through-the-front-door',
      severity: 'error',
      from: { path: '^(libs|services)/' },
      to: { path: '^schemas/src/', pathNot: '^schemas/src/index\\.ts$' },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      comment: 'Test helpers (libs/testing) are for tests only.',
      from: {
        path: '^(libs|services|schemas)/',
        pathNot: ['\\.test\\.ts$', '^libs/testing/', '/test/'],
      },
      to: { path: '^libs/testing/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|/dist/)' },
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
