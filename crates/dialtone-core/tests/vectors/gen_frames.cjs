// Writes frames.json: frame-encryption vectors (specs/host-protocol.md §6.4) made independently of
// the Rust code, with node's built-in crypto, and cross-checked against node's WebCrypto.
// No packages needed. Run from this folder: node gen_frames.cjs
// Deterministic: re-running it must not change frames.json.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const PREFIX = { key: 10, delta: 3, empty: 1, audio: 1 };
const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i)); // 00..1f
const specIv = Buffer.from(Array.from({ length: 12 }, (_, i) => 0xa0 + i)); // a0..ab

function encrypt(kind, iv, frame) {
  const n = Math.min(PREFIX[kind], frame.length);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(frame.subarray(n)), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([frame.subarray(0, n), body, iv]);
}

async function webCryptoBody(iv, rest) {
  const k = await crypto.webcrypto.subtle.importKey("raw", key, "AES-GCM", false, ["encrypt"]);
  return Buffer.from(await crypto.webcrypto.subtle.encrypt({ name: "AES-GCM", iv }, k, rest));
}

// Deterministic bytes: a counter through SHA-256.
let counter = 0;
function bytes(len) {
  const out = [];
  while (out.length < len) out.push(...crypto.createHash("sha256").update(String(counter++)).digest());
  return Buffer.from(out.slice(0, len));
}

async function main() {
  const cases = [
    // The §6.4 table.
    { kind: "key", iv: specIv, frame: Buffer.from("1002009d012a8002e001010203040506", "hex") },
    { kind: "delta", iv: specIv, frame: Buffer.from("31010068656c6c6f", "hex") },
    { kind: "audio", iv: specIv, frame: Buffer.from("fcaaaaaaaa", "hex") },
    { kind: "audio", iv: specIv, frame: Buffer.from("fc", "hex") },
  ];
  // Every prefix size; frames shorter than, exactly and just over n, 1-byte and large bodies.
  for (const kind of Object.keys(PREFIX)) {
    const n = PREFIX[kind];
    for (const len of new Set([0, 1, n - 1, n, n + 1, n + 15, n + 16, n + 17, 300, 4000])) {
      if (len < 0) continue;
      cases.push({ kind, iv: bytes(12), frame: bytes(len) });
    }
  }
  const out = [];
  for (const c of cases) {
    const encrypted = encrypt(c.kind, c.iv, c.frame);
    const n = Math.min(PREFIX[c.kind], c.frame.length);
    const viaWebCrypto = await webCryptoBody(c.iv, c.frame.subarray(n));
    if (!viaWebCrypto.equals(encrypted.subarray(n, encrypted.length - 12))) throw new Error("WebCrypto disagrees");
    out.push({ kind: c.kind, iv: c.iv.toString("hex"), frame: c.frame.toString("hex"), encrypted: encrypted.toString("hex") });
  }
  // The reference page's layout when the rest is empty: P || IV, no tag.
  const reference = Object.keys(PREFIX).map((kind) => {
    const frame = bytes(PREFIX[kind]);
    return { kind, frame: frame.toString("hex"), encrypted: Buffer.concat([frame, specIv]).toString("hex") };
  });
  const fixture = { generator: "gen_frames.cjs", key: key.toString("hex"), cases: out, reference };
  fs.writeFileSync(path.join(__dirname, "frames.json"), JSON.stringify(fixture, null, 1) + "\n");
  console.log(`wrote frames.json: ${out.length} cases, ${reference.length} reference-layout cases`);
}
main().catch((e) => { console.error(e); process.exit(1); });
