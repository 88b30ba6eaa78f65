// Bundles the CLI and the library with esbuild: one file each, so `jirakit` starts without
// resolving dozens of modules (ecosystem.md 3.9: ~80 ms bundled vs ~112 ms unbundled).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { jirakit: 'src/cli/bin.ts', jirashell: 'src/cli/jirashell-bin.ts', check_jira_license: 'src/cli/check-bin.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    // Lazily imported commands become their own chunks so the hot paths stay small.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist' }),
]);
