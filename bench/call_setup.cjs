// Call set-up and mute-confirmation latency on loopback, in real headless Chromium through the
// real server. Prints one JSON line, then a human summary. Run with bench/call_setup.sh.
// FRESH=1 opens both pages anew (new browser contexts: empty cache, no warm audio graph) before
// every call, so each call is the first one a user makes after opening the page.
//
// Timing happens inside the pages (both share this machine's clock): a MutationObserver stamps
// the moment the call state reaches "connected", so no polling delay enters the figures.
'use strict';

const h = require('../tests/e2e/harness.cjs');

const CALLS = Number(process.env.CALLS || 20);
const FRESH = process.env.FRESH === '1';

const WATCH = () => {
  window.__stamps = {};
  new MutationObserver(() => {
    const state = document.querySelector('[data-testid="call-state"]')?.dataset.state;
    if (state && !window.__stamps[state]) window.__stamps[state] = Date.now();
    const mute = document.querySelector('[data-testid="mute-button"]');
    if (mute && window.__muteIntentAt && mute.dataset.pending === 'false' && mute.dataset.enabled === window.__muteWant) {
      window.__muteConfirmedAt = Date.now();
      window.__muteIntentAt = 0;
    }
  }).observe(document.body, { subtree: true, attributes: true, childList: true });
};

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted.at(-1) };
}

(async () => {
  const server = await h.startServer();
  const browser = await h.launchBrowser();
  const clickToConnected = [];
  const acceptToConnected = [];
  const muteConfirm = [];
  try {
    let alice;
    let bob;
    const open = async () => {
      alice = await h.openApp(browser, server, 'Alice');
      bob = await h.openApp(browser, server, 'Bob');
      await h.waitForPeer(alice, bob);
    };
    if (!FRESH) await open();
    for (let n = 0; n < CALLS; n++) {
      if (FRESH) {
        if (alice) await Promise.all([alice, bob].map((page) => page.context().close()));
        await open();
      }
      for (const page of [alice, bob]) await page.evaluate(WATCH);
      const clickedAt = await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]')
        .evaluate((button) => { const t = Date.now(); button.click(); return t; });
      await bob.waitForSelector('[data-testid="accept-button"]');
      const acceptedAt = await bob.$eval('[data-testid="accept-button"]', (button) => { const t = Date.now(); button.click(); return t; });
      await h.waitForCallState(alice, 'connected');
      await h.waitForCallState(bob, 'connected');
      const [a, b] = await Promise.all([alice, bob].map((p) => p.evaluate(() => window.__stamps.connected)));
      clickToConnected.push(Math.max(a, b) - clickedAt);
      acceptToConnected.push(Math.max(a, b) - acceptedAt);

      // Mute intent -> confirmed (the UI shows the new state only once the track has it).
      const want = 'false'; // every call starts unmuted: measure muting
      await alice.evaluate((want) => { window.__muteWant = want; }, want);
      const intentAt = await alice.$eval('[data-testid="mute-button"]', (button) => {
        const t = Date.now(); window.__muteIntentAt = t; button.click(); return t;
      });
      await alice.waitForSelector(`[data-testid="mute-button"][data-pending="false"][data-enabled="${want}"]`);
      const confirmedAt = await alice.evaluate(() => window.__muteConfirmedAt);
      muteConfirm.push(confirmedAt - intentAt);

      await alice.click('[data-testid="hangup-button"]');
      await h.endReason(bob);
      await alice.click('[data-testid="dismiss-call-button"]');
      await bob.click('[data-testid="dismiss-call-button"]');
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const result = {
    bench: 'call_setup',
    pages: FRESH ? 'fresh before every call' : 'loaded once',
    calls: CALLS,
    click_to_both_connected_ms: stats(clickToConnected),
    accept_to_connected_ms: stats(acceptToConnected),
    mute_intent_to_confirmed_ms: stats(muteConfirm),
  };
  console.log(JSON.stringify(result));
  console.log(`${CALLS} audio calls on loopback through the real server (pages ${result.pages}):`);
  console.log(`  click -> both connected:   median ${result.click_to_both_connected_ms.median} ms, p95 ${result.click_to_both_connected_ms.p95} ms (includes the callee's accept)`);
  console.log(`  accept -> both connected:  median ${result.accept_to_connected_ms.median} ms, p95 ${result.accept_to_connected_ms.p95} ms`);
  console.log(`  mute intent -> confirmed:  median ${result.mute_intent_to_confirmed_ms.median} ms, p95 ${result.mute_intent_to_confirmed_ms.p95} ms`);
})().catch((error) => { console.error(error); process.exit(1); });
