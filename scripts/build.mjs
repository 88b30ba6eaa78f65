// Bundles the CLI and the library with esbuild: one file each, so `jirakit` starts without
// resolving dozens of modules (~80 ms bundled vs ~112 ms unbundled, measured when it was set up).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry hashes: start clean so old chunks do not pile up.
rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
  // acorn, loaded at run time and only for a shell line with top-level await; never bundled.
  external: ['acorn'],
};

// The programs are started for every use, so their source is what node reads and parses each time:
// whitespace and comments out (a third of the plugin's bytes, ~5 ms a run), names kept so a
// JIRAKIT_DEBUG stack trace still reads. The library entries stay as written for their users.
const program = { minifyWhitespace: true, minifySyntax: true };

await Promise.all([
  build({
    ...common,
    ...program,
    entryPoints: { jirakit: 'src/cli/bin.ts', jirashell: 'src/cli/jirashell-bin.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    // Lazily imported commands become their own chunks so the hot paths stay small.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  // The monitoring plugin is one CommonJS file: no chunk graph to resolve, and no ESM loader to
  // start (~7 ms of a ~110 ms run, bench/check.mjs) on a path that runs every few minutes.
  build({
    ...common,
    ...program,
    format: 'cjs',
    entryPoints: { check_jira_license: 'src/cli/check-bin.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    banner: { js: '#!/usr/bin/env node' },
  }),
  // The library's two entries, `jirakit` and `jirakit/simulator`; code they share goes to a
  // common chunk, so importing `jirakit` never loads the simulator.
  build({
    ...common,
    entryPoints: { index: 'src/index.ts', simulator: 'src/simulator/index.ts' },
    outdir: 'dist',
    splitting: true,
    chunkNames: 'lib/[name]-[hash]',
  }),
]);
