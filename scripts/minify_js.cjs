// Minifies the wasm-bindgen JS glue in a built dist/ folder with terser, and puts each file's new
// subresource-integrity hash in the pages that load it (trunk hashed the unminified file).
// Trunk minifies CSS and HTML itself, but its JS minifier cannot parse the glue's `export default`.
// Usage: node scripts/minify_js.cjs dist   (terser from the tools cache, see scripts/tools.sh)
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { minify } = require('terser');

const sri = (bytes) => `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;

async function main(dist) {
  const pages = fs.readdirSync(dist).filter((f) => f.endsWith('.html')).map((f) => path.join(dist, f));
  const html = new Map(pages.map((p) => [p, fs.readFileSync(p, 'utf8')]));
  // The top level holds only trunk's hashed glue (its hash may have fewer than 16 digits);
  // copied folders such as public/ stay as written.
  const glue = fs.readdirSync(dist).filter((f) => f.endsWith('.js'));
  let before = 0;
  let after = 0;
  for (const file of glue) {
    const full = path.join(dist, file);
    const source = fs.readFileSync(full);
    const result = await minify(source.toString('utf8'), { module: true, compress: { passes: 2 }, mangle: true });
    if (typeof result.code !== 'string') throw new Error(`terser returned nothing for ${file}`);
    const minified = Buffer.from(result.code, 'utf8');
    const [oldHash, newHash] = [sri(source), sri(minified)];
    let referenced = false;
    for (const [page, text] of html) {
      if (!text.includes(oldHash)) continue;
      html.set(page, text.split(oldHash).join(newHash));
      referenced = true;
    }
    // A page still naming the old hash would refuse the minified file: stop the build instead.
    if (!referenced) throw new Error(`no page carries the integrity of ${file}`);
    fs.writeFileSync(full, minified);
    before += source.length;
    after += minified.length;
  }
  for (const [page, text] of html) fs.writeFileSync(page, text);
  console.log(`[minify] ${glue.length} JS files: ${before} -> ${after} bytes`);
}

main(process.argv[2] || 'dist').catch((error) => {
  console.error(`[minify] ${error.message}`);
  process.exit(1);
});
