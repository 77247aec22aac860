/** The boundaries of architecture.md, enforced in CI (`npm run lint`). */
module.exports = {
  forbidden: [
    { name: 'parse-is-first', severity: 'error', comment: 'parse imports nothing from graph, render, cli, web',
      from: { path: '^src/parse' }, to: { path: '^(src/graph|src/render|cli|web)' } },
    { name: 'graph-no-io', severity: 'error', comment: 'graph never does I/O',
      from: { path: '^src/graph' }, to: { path: '^(node:)?(fs|child_process|net|http|https|os)$|^(src/render|cli|web)', dependencyTypesNot: ['type-only'] } },
    { name: 'graphology-only-in-graph', severity: 'error', comment: 'graphology is imported only under src/graph (types elsewhere)',
      from: { pathNot: '^(src/graph|test)' }, to: { path: 'graphology', dependencyTypesNot: ['type-only'] } },
    { name: 'render-is-pure', severity: 'error', comment: 'render never imports node:* nor cli',
      from: { path: '^src/render' }, to: { path: '^(node:|cli|web)|^(fs|path|child_process|os)$', dependencyTypesNot: ['type-only'] } },
    { name: 'web-only-render', severity: 'error', comment: 'web imports only src/render, d3 and elkjs',
      from: { path: '^web' }, to: { path: '^(src/(parse|graph)|cli)', dependencyTypesNot: ['type-only'] } },
    { name: 'only-cli-uses-commander', severity: 'error', from: { pathNot: '^cli' }, to: { path: 'commander' } },
    { name: 'rules-are-independent', severity: 'error', comment: 'a check rule never imports another rule',
      from: { path: '^src/graph/checks/rules/' }, to: { path: '^src/graph/checks/rules/' } },
    { name: 'formatters-never-import-rules', severity: 'error',
      from: { path: '^src/render' }, to: { path: '^src/graph/checks/(rules|registry)' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true, dependencyTypesNot: ['type-only'] } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
