// src/metrics is a library module of the client layer (docs/architecture.md 1): it imports only
// the layers below it and src/license, never the CLI, the simulator or a heavy built-in at
// load time (importing jirakit must stay cheap, test/startup.test.ts), and the CLI reaches it
// only through src/index.ts (test/architecture.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../src/metrics/', import.meta.url));

test('src/metrics imports only errors, config, auth, http, client, license and itself; no node built-in but types', () => {
  const wrong: string[] = [];
  for (const file of readdirSync(DIR)) {
    const text = readFileSync(join(DIR, file), 'utf8');
    for (const [, type, spec] of text.matchAll(/^import (type )?[^'";]*from '([^']+)'/gm)) {
      const ok = spec?.startsWith('./') || /^\.\.\/(errors|config|auth|http|client|license)\//.test(spec ?? '') || (type !== undefined && spec?.startsWith('node:'));
      if (!ok) wrong.push(`${file} -> ${spec}`);
    }
  }
  assert.deepEqual(wrong, []);
});
