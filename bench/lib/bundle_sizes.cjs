// bench/sizes.sh's measuring side: for each mode, the files its page loads, raw / gzip / brotli.
// A page's files are the .wasm, .js and .css paths quoted in its HTML (tags and trunk's inline
// loader alike) that exist in dist/, plus what those JS files reference in turn (wasm-bindgen
// snippets, the wasm). Files fetched later at run time (AudioWorklet modules) are not counted.
// Usage: node bundle_sizes.cjs <dist> <loader.js> "<mode> <page> <gzip target>\n..."
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { table } = require('./stats.cjs');

const [dist, loader, modeList] = process.argv.slice(2);
// Quoted, in url(), or an unquoted attribute value (trunk minifies the HTML: href=/main-….css).
const REFERENCE = /["'(=]([^"'()\s=>]+\.(?:wasm|js|mjs|css))(?:\?[^"')\s>]*)?(?=["')\s>])/g;

const measured = new Map(); // modes share files: compress each once
function sizes(file) {
  if (!measured.has(file)) measured.set(file, measure(file));
  return measured.get(file);
}

function measure(file) {
  const bytes = fs.readFileSync(file);
  // Precompressed copies the build left beside the file (what a server would send as they are).
  const beside = (ext) => (fs.existsSync(`${file}.${ext}`) ? fs.statSync(`${file}.${ext}`).size : undefined);
  return {
    shipped_gz: beside('gz'),
    shipped_br: beside('br'),
    raw: bytes.length,
    // GNU gzip, as a server's precompressed .gz would be made; -n leaves the name out.
    gzip: execFileSync('gzip', ['-9', '-n', '-c', file], { maxBuffer: 1 << 30 }).length,
    brotli: zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/** dist-relative paths of the wasm/JS/CSS that `page` loads, directly or through its JS. */
function filesOf(page) {
  const found = new Set();
  const visit = (from, text) => {
    for (const [, ref] of text.matchAll(REFERENCE)) {
      if (/^[a-z]+:/i.test(ref)) continue; // another origin
      const base = ref.startsWith('/') ? '' : path.dirname(from);
      const file = path.normalize(path.join(base, ref.replace(/^\/+/, '')));
      if (file.startsWith('..') || found.has(file) || !fs.existsSync(path.join(dist, file))) continue;
      found.add(file);
      if (/\.m?js$/.test(file)) visit(file, fs.readFileSync(path.join(dist, file), 'utf8'));
    }
  };
  visit(page, fs.readFileSync(path.join(dist, page), 'utf8'));
  return [...found].sort();
}

const kindOf = (file) => (file.endsWith('.wasm') ? 'wasm' : file.endsWith('.css') ? 'css' : 'js');
const sum = (list, key) => list.reduce((total, f) => total + f[key], 0);
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

const results = [];
for (const line of modeList.split('\n').map((l) => l.trim()).filter(Boolean)) {
  const [mode, wanted, target] = line.split(/\s+/);
  const own = fs.existsSync(path.join(dist, wanted));
  const page = own ? wanted : 'index.html';
  const files = filesOf(page).map((file) => ({ file, kind: kindOf(file), ...sizes(path.join(dist, file)) }));
  const total = { raw: sum(files, 'raw'), gzip: sum(files, 'gzip'), brotli: sum(files, 'brotli') };
  const byKind = Object.fromEntries(['wasm', 'js', 'css'].map((k) => [k, sum(files.filter((f) => f.kind === k), 'gzip')]));
  results.push({
    bench: 'sizes', mode, page, own_page: own, files, gzip_by_kind: byKind, total,
    target_gzip: Number(target), meets_target: total.gzip <= Number(target),
  });
}
const loaderSizes = { bench: 'sizes', mode: 'widget loader', file: loader, ...sizes(loader) };

for (const result of results) console.log(JSON.stringify(result));
console.log(JSON.stringify(loaderSizes));
console.log(`\nWhat each mode's page loads from ${dist}/ (wasm + JS + CSS; 1 KB = 1000 B):`);
console.log(table(['mode', 'page', 'wasm gzip', 'JS gzip', 'CSS gzip', 'total raw', 'total gzip', 'total brotli', 'target (gzip)'],
  results.map((r) => [r.mode, r.own_page ? r.page : `${r.page} (no ${r.mode} page of its own)`,
    kb(r.gzip_by_kind.wasm), kb(r.gzip_by_kind.js), kb(r.gzip_by_kind.css), kb(r.total.raw), kb(r.total.gzip), kb(r.total.brotli),
    `≤ ${kb(r.target_gzip)} ${r.meets_target ? '(met)' : '(missed)'}`])));
console.log(`${loader}: ${loaderSizes.raw} B raw, ${loaderSizes.gzip} B gzip, ${loaderSizes.brotli} B brotli (a host site loads it on every page view, besides the widget's iframe)`);
