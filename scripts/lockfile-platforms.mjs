#!/usr/bin/env node
// The npm registry this project is built against serves only the linux-x64 builds of some
// platform packages (@foundry-rs/anvil-*, @msgpackr-extract/*). `npm install` then leaves the
// other platforms' optional packages out of package-lock.json, and `npm ci` refuses the
// lockfile as "out of sync". This adds the missing entries, marked optional with their
// os/cpu, so npm ci skips them on other platforms exactly as it would with a full registry.
// Idempotent; run it after any `npm install` that rewrites the lockfile.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const OS = ['darwin', 'linux', 'win32'];
const CPU = { x64: 'x64', amd64: 'x64', arm64: 'arm64', arm: 'arm' };

let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (packages[`node_modules/${name}`] || packages[`${key}/node_modules/${name}`]) continue;
    const parts = name.split('/').pop().split('-');
    const os = parts.find((p) => OS.includes(p));
    const cpu = CPU[parts.at(-1)];
    if (!os || !cpu || !/^\d+\.\d+\.\d+$/.test(spec)) {
      console.error(`skipping ${name}@${spec}: cannot tell its platform or exact version`);
      continue;
    }
    packages[`node_modules/${name}`] = { version: spec, cpu: [cpu], optional: true, os: [os] };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional platform entries`);
