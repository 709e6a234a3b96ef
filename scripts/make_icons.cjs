// Renders the app icons (public/icon-*.png, the tab's favicon-32.png) from public/favicon.svg with headless Chromium, so
// the PNGs the manifest lists are the favicon, pixel for pixel. Run once after changing the
// favicon: NODE_PATH=$HOME/.cache/dialtone/node_modules node scripts/make_icons.cjs, then
// `pngquant --quality=80-95 --strip --force --output F F` on each (about 5x smaller, same look).
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const PUBLIC = path.join(__dirname, '..', 'public');
const favicon = fs.readFileSync(path.join(PUBLIC, 'favicon.svg'), 'utf8');
// Maskable: the launcher crops to any shape inside the full square, so the square is filled
// edge to edge (no rounded corners) and the handset stays inside the middle 80 % safe zone.
const maskable = favicon.replace(/ rx="18"/, '');

const ICONS = [
  // The tab's icon. A PNG, not the SVG: Chromium fetches the favicon just after the page has
  // loaded and parses an SVG one on the page's main thread (about 20 ms on a fresh page, measured
  // in the middle of its first call); a PNG is decoded in a few microseconds.
  { file: 'favicon-32.png', size: 32, svg: favicon },
  { file: 'icon-192.png', size: 192, svg: favicon },
  { file: 'icon-512.png', size: 512, svg: favicon },
  { file: 'icon-maskable-512.png', size: 512, svg: maskable },
  { file: 'apple-touch-icon.png', size: 180, svg: maskable },
];

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium' });
  const page = await browser.newPage();
  for (const { file, size, svg } of ICONS) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
    await page.screenshot({ path: path.join(PUBLIC, file), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(file, fs.statSync(path.join(PUBLIC, file)).size, 'bytes');
  }
  await browser.close();
})();
