#!/usr/bin/env node
'use strict';
// `twinsite`: the command-line client of the controller's HTTP API (apps/cli).
// In a fresh checkout the compiled CLI is missing: build it first, so that
// `npx twinsite` just works.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const main = path.join(root, 'dist', 'apps', 'cli', 'src', 'main.js');

if (!fs.existsSync(main)) {
  process.stderr.write('twinsite: not built yet in this checkout; running `npm run build` first…\n');
  // The build writes to stderr: stdout belongs to the command, and scripts read it (-o json).
  const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], {
    cwd: root,
    stdio: ['inherit', 2, 'inherit'],
    shell: process.platform === 'win32',
  });
  if (build.status !== 0 || !fs.existsSync(main)) {
    const why = build.error ? `: ${build.error.message}` : build.status ? ` (exit ${build.status})` : '';
    process.stderr.write(`twinsite: the build failed${why}; run \`npm run build\` in ${root} to see why\n`);
    process.exit(build.status || 1);
  }
}

require(main).main();
