// The pages bench/call_setup.cjs times: Dialtone's call page and the floor (bench/floor/), each
// opened in its own new browser context, and one timed call between two of them.
//
// Every timestamp is Date.now() inside a page (all pages share this machine's clock):
// - click: in the caller's page, just before the call button's click() runs;
// - accept: Dialtone's callee clicks its accept button from a MutationObserver the moment the
//   button is in the page (window.__acceptedAt just before that click()); the floor's callee
//   answers every offer at once and stamps window.__acceptedAt when the offer arrives. With
//   RING_MS=N both callees let the phone ring N ms first (a person reaching for the button):
//   Dialtone's then clicks Accept, the floor's then answers;
// - connected: a MutationObserver stamps the first time call-state's data-state reads
//   "connected" (both pages set it when their peer connection's connectionState is "connected").
'use strict';

const h = require('../../tests/e2e/harness.cjs');

/** Installed in every page before a call: the stamps above, and the auto-accept of Dialtone's callee. */
const WATCH = (ringMs) => {
  window.__stamps = {};
  window.__acceptedAt = 0;
  let ringing = false;
  const answer = () => {
    const accept = document.querySelector('[data-testid="accept-button"]');
    if (!accept || window.__acceptedAt) return;
    window.__acceptedAt = Date.now();
    accept.click();
  };
  new MutationObserver(() => {
    const state = document.querySelector('[data-testid="call-state"]')?.dataset.state;
    if (state && !window.__stamps[state]) window.__stamps[state] = Date.now();
    if (document.querySelector('[data-testid="accept-button"]') && !window.__acceptedAt && !ringing) {
      if (ringMs > 0) {
        ringing = true;
        setTimeout(() => { ringing = false; answer(); }, ringMs);
      } else {
        answer();
      }
    }
    const mute = document.querySelector('[data-testid="mute-button"]');
    if (mute && window.__muteIntentAt && mute.dataset.pending === 'false' && mute.dataset.enabled === window.__muteWant) {
      window.__muteConfirmedAt = Date.now();
      window.__muteIntentAt = 0;
    }
  }).observe(document.body, { subtree: true, attributes: true, childList: true });
};

/**
 * TRACE=1: also stamps, in each page, when each browser operation of the call starts (`name>`)
 * and finishes (`name<`) and when an offer or answer frame leaves (`send offer`) or arrives
 * (`got offer`) on the signaling socket; the steps then say where a first call's time goes.
 * Installed before the page loads, in both clients alike.
 */
const TRACE_OPERATIONS = () => {
  const stamp = (key) => { const s = window.__stamps; if (s && !(key in s)) { s[key] = Date.now(); console.timeStamp(key); } };
  const wrap = (proto, name, label) => {
    const original = proto && proto[name];
    if (!original) return;
    proto[name] = function (...args) {
      stamp(`${label}>`);
      const result = original.apply(this, args);
      if (result && typeof result.then === 'function') result.then(() => stamp(`${label}<`), () => {});
      return result;
    };
  };
  wrap(window.MediaDevices && MediaDevices.prototype, 'getUserMedia', 'getUserMedia');
  for (const name of ['createOffer', 'createAnswer', 'setLocalDescription', 'setRemoteDescription']) {
    wrap(RTCPeerConnection.prototype, name, name);
  }
  const kind = (data) => (typeof data === 'string' ? /"type":"(offer|answer)"/.exec(data)?.[1] : undefined);
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const k = kind(data);
    if (k) stamp(`send ${k}`);
    return send.call(this, data);
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      // Registered before the page's own handler, so it stamps the frame's arrival.
      this.addEventListener('message', (event) => { const k = kind(event.data); if (k) stamp(`got ${k}`); });
    }
  };
};
const TRACE = process.env.TRACE === '1';
// How long the callee's phone rings before the person answers (RING_MS, ms; 0, the default,
// answers the moment it can: the hardest case, with the ringing screen drawn on the call's path).
const RING_MS = Number(process.env.RING_MS || 0);

const RESET = () => {
  window.__stamps = {};
  window.__acceptedAt = 0;
};

/** The floor's page as `name` in `room`, in a new context; resolves once the server assigned an id. */
async function openFloor(browser, server, name, room) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => { page.__errors = (page.__errors || []).concat(String(error)); });
  await page.addInitScript(h.RECORD_PEER_CONNECTIONS); // as h.openApp does for the app
  if (TRACE) await page.addInitScript(TRACE_OPERATIONS);
  await page.goto(`${server.url}/floor/index.html?${new URLSearchParams({ name, room, ring: String(RING_MS) })}`);
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 15000 });
  page.__peerId = await page.getAttribute('[data-testid="self-id"]', 'data-peer-id');
  return page;
}

const dialtone = (query) => (browser, server, name) => h.openApp(browser, server, name, {
  query,
  beforeLoad: TRACE ? (page) => page.addInitScript(TRACE_OPERATIONS) : undefined,
});

const CLIENTS = {
  dialtone: dialtone('&room=bench-dialtone'),
  // The same page without its first-call rehearsal (ui/rehearsal.rs): what the rehearsal is worth.
  'dialtone-unrehearsed': dialtone('&room=bench-unrehearsed&rehearse=0'),
  floor: (browser, server, name) => openFloor(browser, server, name, 'bench-floor'),
};

// How long the person looks at the list before clicking, after the callee shows (READ_MS, ms;
// 0, the default, clicks at once: the hardest case for a page that prepares after loading).
const READ_MS = Number(process.env.READ_MS || 0);

/** Opens a caller and a callee of `client` anew; resolves once the callee is listed on the caller's page. */
async function openPair(client, browser, server) {
  const caller = await CLIENTS[client](browser, server, 'Alice');
  const callee = await CLIENTS[client](browser, server, 'Bob');
  await h.waitForPeer(caller, callee);
  for (const page of [caller, callee]) await page.evaluate(WATCH, RING_MS);
  if (READ_MS) await caller.waitForTimeout(READ_MS);
  return { caller, callee };
}

async function closePair({ caller, callee }) {
  // Uncaught errors do not stop the bench, but a figure taken beside one deserves a look.
  for (const page of [caller, callee]) {
    for (const error of page.__errors || []) console.error(`warning: uncaught error in ${page.url()}: ${error}`);
  }
  await Promise.all([caller, callee].map((page) => page.context().close()));
}

/**
 * One call from `caller` to `callee`: { click, accept } in ms, both up to the later "connected",
 * and `steps`: when each page first showed each call state (and the callee's accept), in ms after
 * the click, keyed "caller:<state>" / "callee:<state>": where the time goes.
 */
async function timeCall(caller, callee) {
  for (const page of [caller, callee]) await page.evaluate(RESET);
  const clickedAt = await h.peerRow(caller, callee).locator('[data-testid="call-audio-button"]')
    .evaluate((button) => { const t = Date.now(); button.click(); return t; });
  await h.waitForCallState(caller, 'connected');
  await h.waitForCallState(callee, 'connected');
  const [mine, theirs] = await Promise.all([caller, callee].map((p) => p.evaluate(() => ({ ...window.__stamps }))));
  const acceptedAt = await callee.evaluate(() => window.__acceptedAt);
  if (!acceptedAt) throw new Error('the callee never stamped its accept');
  const connectedAt = Math.max(mine.connected, theirs.connected);
  const steps = { 'callee:accept': acceptedAt - clickedAt };
  for (const [side, stamps] of [['caller', mine], ['callee', theirs]]) {
    for (const [state, at] of Object.entries(stamps)) steps[`${side}:${state}`] = at - clickedAt;
  }
  return { click: connectedAt - clickedAt, accept: connectedAt - acceptedAt, steps };
}

/** Dialtone's mute intent → confirmed (the UI shows the new state only once the track has it). */
async function timeMute(page) {
  const want = 'false'; // every call starts unmuted: measure muting
  await page.evaluate((w) => { window.__muteWant = w; }, want);
  const intentAt = await page.$eval('[data-testid="mute-button"]', (button) => {
    const t = Date.now(); window.__muteIntentAt = t; button.click(); return t;
  });
  await page.waitForSelector(`[data-testid="mute-button"][data-pending="false"][data-enabled="${want}"]`);
  return (await page.evaluate(() => window.__muteConfirmedAt)) - intentAt;
}

/** Ends a Dialtone call and clears both pages for the next one. */
async function hangUp(caller, callee) {
  await caller.click('[data-testid="hangup-button"]');
  await h.endReason(callee);
  await caller.click('[data-testid="dismiss-call-button"]');
  await callee.click('[data-testid="dismiss-call-button"]');
}

module.exports = { openPair, closePair, timeCall, timeMute, hangUp };
