// Writes `name.br` (brotli, quality 11) and `name.gz` (gzip -9) next to every text or wasm file in
// the built app, so the server sends the smallest encoding the browser accepts without compressing
// on each request. A compressed copy that is not smaller than the file is not written.
// Usage: node scripts/precompress.cjs dist
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const COMPRESSIBLE = new Set(['.wasm', '.js', '.css', '.html', '.svg', '.json', '.webmanifest', '.ftl']);

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (COMPRESSIBLE.has(path.extname(entry.name))) yield full;
  }
}

const root = process.argv[2];
if (!root) {
  console.error('usage: node scripts/precompress.cjs <dist dir>');
  process.exit(2);
}
let raw = 0;
let brotli = 0;
for (const file of files(root)) {
  const body = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const gz = zlib.gzipSync(body, { level: 9 });
  for (const [ext, packed] of [['.br', br], ['.gz', gz]]) {
    if (packed.length < body.length) fs.writeFileSync(file + ext, packed);
    else fs.rmSync(file + ext, { force: true });
  }
  raw += body.length;
  brotli += Math.min(br.length, body.length);
}
console.log(`[precompress] ${root}: ${raw} B -> ${brotli} B brotli`);
