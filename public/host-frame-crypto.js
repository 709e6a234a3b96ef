// Host mode's end-to-end frame encryption worker (specs/host-protocol.md §6). JavaScript only
// because the encoded-transform APIs run their transform in a Worker (RTCRtpScriptTransform, or
// createEncodedStreams with the streams transferred here); every byte follows the layout of
// dialtone-core's host::frame_crypto (tested against its vectors in tests/e2e/host.test.cjs):
//   encrypted = P || C || T || IV, P = first min(n, len) bytes in clear (VP8 key 10, delta 3,
//   empty 1, audio 1), C || T = AES-256-GCM(key, IV, rest) with no additional data, IV = 12
//   fresh random bytes appended at the end. Frames that fail to decrypt are dropped and counted;
//   the stream never errors.
'use strict';

const IV_LEN = 12;
const TAG_LEN = 16;
const counters = { encrypted: 0, decrypted: 0, dropped: 0 };

function clearPrefix(type) {
  if (type === 'key') return 10;
  if (type === 'delta') return 3;
  return 1; // 'empty' video frames and audio frames (no type: the Opus TOC byte)
}

function importKey(raw) {
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

async function encrypt(key, type, data, iv) {
  const split = Math.min(clearPrefix(type), data.length);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data.subarray(split)));
  const out = new Uint8Array(split + sealed.length + IV_LEN);
  out.set(data.subarray(0, split), 0);
  out.set(sealed, split);
  out.set(iv, split + sealed.length);
  return out;
}

// Returns the clear frame, or null when it must be dropped.
async function decrypt(key, type, data) {
  const end = data.length - IV_LEN;
  if (end < 0) return null;
  const n = clearPrefix(type);
  // The reference page's layout for an empty rest: P || IV, nothing to authenticate.
  if (end <= n) return data.slice(0, end);
  const split = end - n >= TAG_LEN ? n : end - TAG_LEN;
  if (split < 0) return null;
  const iv = data.subarray(end);
  try {
    const rest = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, data.subarray(split, end)));
    const out = new Uint8Array(split + rest.length);
    out.set(data.subarray(0, split), 0);
    out.set(rest, split);
    return out;
  } catch (_) {
    return null;
  }
}

function transformer(operation, keyPromise) {
  return new TransformStream({
    async transform(frame, controller) {
      const key = await keyPromise;
      const type = frame.type; // undefined for audio
      const data = new Uint8Array(frame.data);
      if (operation === 'encrypt') {
        frame.data = (await encrypt(key, type, data, crypto.getRandomValues(new Uint8Array(IV_LEN)))).buffer;
        counters.encrypted += 1;
        controller.enqueue(frame);
        return;
      }
      const clear = await decrypt(key, type, data);
      if (clear === null) {
        counters.dropped += 1;
        return;
      }
      frame.data = clear.buffer;
      counters.decrypted += 1;
      controller.enqueue(frame);
    },
  });
}

function pipe({ operation, key, readable, writable }) {
  readable.pipeThrough(transformer(operation, importKey(key))).pipeTo(writable).catch(() => {});
}

// RTCRtpScriptTransform: the browser hands the streams over in an event.
self.onrtctransform = (event) => {
  const { operation, key } = event.transformer.options;
  pipe({ operation, key, readable: event.transformer.readable, writable: event.transformer.writable });
};

// The page shows these counters (data attributes) so that tests can see encryption working.
setInterval(() => self.postMessage({ counters }), 500);

// Vector checks from tests: the same functions with a given IV, bytes as hex.
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const unhex = (text) => new Uint8Array((text.match(/../g) || []).map((h) => parseInt(h, 16)));
self.onmessage = async ({ data }) => {
  // createEncodedStreams: the page transfers the streams in a message.
  if (data && data.readable && data.writable) return pipe(data);
  if (!data || data.vector === undefined) return;
  const { key, kind, frame, iv, encrypted } = data.vector;
  const type = kind === 'audio' ? undefined : kind;
  const cryptoKey = await importKey(unhex(key));
  const out = iv ? hex(await encrypt(cryptoKey, type, unhex(frame), unhex(iv))) : null;
  const back = await decrypt(cryptoKey, type, unhex(encrypted));
  self.postMessage({ vector: { encrypted: out, decrypted: back === null ? null : hex(back) } });
};
