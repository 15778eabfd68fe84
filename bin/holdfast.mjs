#!/usr/bin/env node
// Builds the CLI bundle when the sources are newer, then runs it.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { buildStale } = await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href);
await buildStale({ nodeOnly: true, quiet: true });
await import(pathToFileURL(path.join(root, 'dist', 'cli.mjs')).href);
