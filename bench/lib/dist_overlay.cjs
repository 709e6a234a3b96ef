// The built app plus the benchmark's own pages, served by Dialtone's unchanged server from one
// --dist folder: a temporary folder of symbolic links to every entry of dist/ and to the extra
// folders. The extra pages then share the app's origin, headers and Content-Security-Policy.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Makes the overlay of `dist` with `extra` ({ urlFolder: absolutePath }); returns its path and remove(). */
function distOverlay(dist, extra) {
  dist = path.resolve(dist); // the links are made in another folder: a relative path would dangle
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-bench-dist-'));
  for (const entry of fs.readdirSync(dist)) fs.symlinkSync(path.join(dist, entry), path.join(dir, entry));
  for (const [name, target] of Object.entries(extra)) {
    if (fs.existsSync(path.join(dir, name))) throw new Error(`dist/ already has ${name}: pick another folder name`);
    fs.symlinkSync(target, path.join(dir, name));
  }
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

module.exports = { distOverlay };
