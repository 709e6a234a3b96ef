// Writes lz.json: LZ-string vectors made by the real npm package, for tests/host_lz.rs.
//
// The package is not part of the app. Install it anywhere and point LZ_STRING_DIR at the folder
// holding node_modules (default: ~/.cache/dialtone/lz), then run from this folder:
//   mkdir -p ~/.cache/dialtone/lz && cd ~/.cache/dialtone/lz && npm install lz-string@1.5.0
//   node gen_lz.cjs
// The output is deterministic (seeded PRNG), so re-running it must not change lz.json.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const dir = process.env.LZ_STRING_DIR || path.join(os.homedir(), ".cache", "dialtone", "lz");
const LZString = require(path.join(dir, "node_modules", "lz-string"));
const version = require(path.join(dir, "node_modules", "lz-string", "package.json")).version;
if (version !== "1.5.0") throw new Error(`need lz-string 1.5.0, found ${version}`);

// mulberry32: a tiny seeded PRNG, so the fixture is reproducible.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(0x5eed);
const pick = (s) => s[Math.floor(random() * s.length)];

function chromiumSdp(kind) {
  const lines = ["v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
    "a=group:BUNDLE 0 1 2 3", "a=extmap-allow-mixed", "a=msid-semantic: WMS"];
  const mids = [["audio", "111 63 9 0 8 13 110 126"], ["video", "96 97 98 99 100 101 45 46"],
    ["audio", "111 63 9 0 8 13 110 126"], ["video", "96 97 98 99 100 101 45 46"]];
  mids.forEach(([media, pts], mid) => {
    lines.push(`m=${media} 9 UDP/TLS/RTP/SAVPF ${pts}`, "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
      "a=ice-ufrag:8hhY", "a=ice-pwd:asd88fgpdd777uzjYhagZg", "a=ice-options:trickle",
      "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08",
      `a=setup:${kind === "offer" ? "actpass" : "active"}`, `a=mid:${mid}`, "a=sendrecv", "a=rtcp-mux");
    if (media === "audio") {
      lines.push("a=rtpmap:111 opus/48000/2", "a=rtcp-fb:111 transport-cc", "a=fmtp:111 minptime=10;useinbandfec=1");
    } else {
      lines.push("a=rtcp-rsize", "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 goog-remb", "a=rtcp-fb:96 transport-cc",
        "a=rtcp-fb:96 ccm fir", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96");
    }
    lines.push(`a=ssrc:${1000 + mid} cname:q/NWs1ao1HmN4Xa5`);
  });
  return lines.join("\r\n") + "\r\n";
}

function candidate(i) {
  const types = ["host", "srflx", "relay"];
  const type = types[i % 3];
  return {
    candidate: `candidate:${1000000 + i * 7919} 1 udp ${2122260223 - i} 192.168.${i % 256}.${(i * 3) % 256} ${50000 + i} typ ${type}` +
      (type === "host" ? "" : ` raddr 0.0.0.0 rport 0`) + " generation 0 ufrag 8hhY network-id 1",
    sdpMid: String(i % 4),
    sdpMLineIndex: i % 4,
    usernameFragment: "8hhY",
  };
}

const strings = [
  // The rows of specs/host-protocol.md §4.4.
  "",
  "[]",
  JSON.stringify({ type: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" }),
  JSON.stringify([{ candidate: "candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host generation 0", sdpMid: "0", sdpMLineIndex: 0, usernameFragment: "abcd" }]),
  // Small and edge cases.
  "a", "ab", "aaa", "abab", "abcabcabcabc", "hello, world", "\u0000", "\u00ff", "\u0100", "\uffff",
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "x".repeat(5000),
  "ab".repeat(3000) + "c".repeat(100),
  // Unicode, astral characters (surrogate pairs) and emoji sequences.
  "héllo wörld", "Ελληνικά", "日本語のテキスト", "😀", "😀😀😀😀", "👩‍👩‍👧‍👦 family", "𝄞 music 𝄞", "mixed é 😀 日 \u2028\u2029 end",
  // Keys a plain JS object treats specially.
  "__proto__", "__proto____proto____proto____proto__", "x__proto__x__proto__x__proto__",
  "__proto__".repeat(60), "{\"__proto__\":1}".repeat(40),
  "constructor constructor constructor", "hasOwnProperty toString valueOf hasOwnProperty toString valueOf",
  // Call payloads as the page sends them.
  JSON.stringify({ type: "offer", sdp: chromiumSdp("offer") }),
  JSON.stringify({ type: "answer", sdp: chromiumSdp("answer") }),
  JSON.stringify([]),
  JSON.stringify([candidate(0)]),
  JSON.stringify(Array.from({ length: 30 }, (_, i) => candidate(i))),
  JSON.stringify({ type: "offer", sdp: chromiumSdp("offer"), extra: { nested: [1, 2, 3] } }),
];

// Over 64 KiB, so the code width grows far.
let big = "";
while (big.length < 70000) big += pick(["v=0\r\n", "a=candidate:", String(Math.floor(random() * 1e6)), " typ host ", "é", "😀", "\r\n"]);
strings.push(big);
let noise = "";
while (noise.length < 80000) noise += String.fromCharCode(32 + Math.floor(random() * 95));
strings.push(noise);

// 1000 random strings over several alphabets.
const alphabets = ["ab", "abcdefgh", "0123456789 ", "v=0\r\na=candidate:typ host udp 192.168.", "aé日😀\u0000\u007f\u00ff\u0100"];
for (let i = 0; i < 1000; i++) {
  const alphabet = Array.from(alphabets[i % alphabets.length]);
  const length = Math.floor(random() * 120);
  let s = "";
  for (let j = 0; j < length; j++) s += pick(alphabet);
  strings.push(s);
}

// JSON.stringify output the Rust side must reproduce from the typed values (§4.4).
const odd = "quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f nul \u0000 us \u001f del \u007f ls \u2028 ps \u2029 é 😀 </script>";
const json = [
  { kind: "description", value: { type: "offer", sdp: chromiumSdp("offer") } },
  { kind: "description", value: { type: "answer", sdp: odd } },
  { kind: "candidates", value: [] },
  { kind: "candidates", value: Array.from({ length: 30 }, (_, i) => candidate(i)) },
  { kind: "candidates", value: [{ candidate: odd, sdpMid: "0", sdpMLineIndex: 0, usernameFragment: odd }] },
].map((c) => ({ ...c, json: JSON.stringify(c.value), output: LZString.compressToBase64(JSON.stringify(c.value)) }));

const out = {
  generator: "gen_lz.cjs",
  library: `lz-string@${version}`,
  cases: strings.map((input) => ({ input, output: LZString.compressToBase64(input) })),
  // Raw UTF-16 units (a lone surrogate cannot be a Rust String): compress and decompress both ways.
  units: [[0xd800], [0x61, 0xdc00, 0x62], [0xdfff, 0xd800, 0xd800]].map((u) => {
    const s = String.fromCharCode(...u);
    return { units: u, output: LZString.compressToBase64(s) };
  }),
  json,
};
for (const c of out.cases) {
  if (LZString.decompressFromBase64(c.output) !== c.input) throw new Error("library round trip failed");
}
fs.writeFileSync(path.join(__dirname, "lz.json"), JSON.stringify(out, null, 1) + "\n");
console.log(`wrote lz.json: ${out.cases.length} strings, ${out.units.length} unit cases, ${json.length} JSON cases`);
