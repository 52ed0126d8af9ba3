#!/usr/bin/env node
'use strict';
// Entry point of `npx forewarn`. Builds dist/ first when it is missing or older than the sources, then makes the
// compiled `src/...` imports resolvable (they are path aliases in TypeScript) and runs the CLI.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'src', 'main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const srcDir = path.join(root, 'src');
if (existsSync(srcDir) && (!existsSync(entry) || newestMtime(srcDir) > statSync(entry).mtimeMs)) {
  process.stderr.write('forewarn: building (dist/ is missing or older than src/)...\n');
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', path.join(root, 'tsconfig.build.json')],
    {
      stdio: 'inherit',
      cwd: root,
    },
  );
}

process.env.NODE_PATH = [path.join(root, 'dist'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
Module._initPaths();
require(entry);
