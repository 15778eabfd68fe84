#!/usr/bin/env node
/** Renders build/icon.svg to the PNG sizes electron-builder wants, with Debian Chromium. Run by hand when the icon changes. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = fs.readFileSync(path.join(root, 'build', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
fs.mkdirSync(path.join(root, 'build', 'icons'), { recursive: true });
for (const size of [1024, 512, 256, 128, 64, 32, 16]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('width="512" height="512"', `width="${size}" height="${size}"`)}</body></html>`);
  const out = size === 1024 ? path.join(root, 'build', 'icon.png') : path.join(root, 'build', 'icons', `${size}x${size}.png`);
  await page.screenshot({ path: out, omitBackground: true });
  await page.close();
}
await browser.close();
console.log('icons written to build/');
