// One cold load of a page for bench/load.cjs: a new browser context (empty cache), optionally
// the slow-mobile emulation, and the moment the call button of a given person is usable.
//
// "Usable" = present in that person's row, enabled, with a non-empty box and visible. A
// MutationObserver installed before any of the page's own scripts (in every frame, so in the
// widget's iframe too) checks at every change of the page and stamps the first moment, as
// epoch milliseconds (performance.timeOrigin + performance.now()): no polling delay enters the
// figure. Interactive time = that stamp − the top-level page's performance.timeOrigin (its
// navigation start). Bytes = the sum of CDP Network.loadingFinished encodedDataLength (what
// came over the wire, headers included; WebSocket frames not counted) of the top-level page
// and its same-process frames, for every response finished by the time the page is interactive.
'use strict';

/** The slow-mobile condition of issue #15: 1.6 Mbps down, 750 Kbps up, 562 ms RTT (the signaling
 * socket's frames too: `delaySockets`), 4× CPU. */
const SLOW_MOBILE = {
  network: { offline: false, latency: 562, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
  cpuRate: 4,
};

const STAMP_USABLE = (personId) => {
  let resolve;
  window.__interactive = new Promise((done) => { resolve = done; });
  const usable = () => {
    const button = document.querySelector(`[data-testid="peer-item"][data-peer-id="${personId}"] [data-testid="call-audio-button"]`);
    if (!button || button.disabled || button.getAttribute('aria-disabled') === 'true') return false;
    const box = button.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(button).visibility === 'visible';
  };
  const observer = new MutationObserver(() => {
    if (!usable()) return;
    observer.disconnect();
    resolve(performance.timeOrigin + performance.now());
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
};

/**
 * Loads `url` cold; the button to watch is `personId`'s, in the frame whose URL starts with
 * `appOrigin` (the page itself, or the widget's iframe inside a host page).
 * Resolves to { interactiveMs, wasmRequestedMs, wasmLoadedMs, bytes }: the wasm's fetch start and
 * response end (Resource Timing in the app's frame) show how much of the wait is download.
 */
async function coldLoad(browser, { url, appOrigin, personId, slow, timeout = 120000 }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(STAMP_USABLE, personId);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    // Each response's end on the epoch clock: CDP stamps events on a monotonic clock, and a
    // request's `wallTime` beside its `timestamp` gives the offset. Counted against the
    // interactive moment itself, not against when the events reach this process.
    let wallOffsetMs;
    const finished = [];
    cdp.on('Network.requestWillBeSent', (event) => { wallOffsetMs ??= event.wallTime * 1000 - event.timestamp * 1000; });
    cdp.on('Network.loadingFinished', (event) => finished.push(event));
    await cdp.send('Network.enable');
    if (slow) {
      await delaySockets(context, SLOW_MOBILE.network.latency);
      await cdp.send('Network.emulateNetworkConditions', SLOW_MOBILE.network);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_MOBILE.cpuRate });
    }
    const inApp = (frame) => frame.url().startsWith(appOrigin);
    const appFrame = url.startsWith(appOrigin)
      ? Promise.resolve(page.mainFrame())
      : page.waitForEvent('framenavigated', { predicate: inApp, timeout });
    await page.goto(url, { waitUntil: 'commit', timeout });
    const frame = await appFrame;
    const interactiveAt = await withTimeout(frame.evaluate(() => window.__interactive), timeout, `${url}: no usable call button`);
    // Events still on their way for responses that ended before that moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const bytesThen = finished
      .filter((event) => event.timestamp * 1000 + wallOffsetMs <= interactiveAt)
      .reduce((sum, event) => sum + event.encodedDataLength, 0);
    const navigationStart = await page.evaluate(() => performance.timeOrigin);
    const wasm = await frame.evaluate(() => {
      const entry = performance.getEntriesByType('resource').find((e) => /\.wasm($|\?)/.test(e.name));
      return entry && { requested: performance.timeOrigin + entry.startTime, loaded: performance.timeOrigin + entry.responseEnd };
    });
    const since = (at) => (at === undefined ? null : Math.round(at - navigationStart));
    return {
      interactiveMs: since(interactiveAt),
      wasmRequestedMs: since(wasm?.requested),
      wasmLoadedMs: since(wasm?.loaded),
      bytes: bytesThen,
    };
  } finally {
    await context.close();
  }
}

/**
 * CDP's emulation delays HTTP responses, not WebSocket frames; a phone's link delays those too.
 * Every frame of the signaling socket (in any frame of the page) reaches the other side half the
 * round trip later, each way, in order.
 */
async function delaySockets(context, rttMs) {
  await context.routeWebSocket(/\/ws(\?|$)/, (page) => {
    const server = page.connectToServer();
    const later = (send) => (message) => setTimeout(() => send(message), rttMs / 2);
    page.onMessage(later((message) => server.send(message)));
    server.onMessage(later((message) => page.send(message)));
  });
}

function withTimeout(promise, ms, message) {
  let timer;
  const expiry = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

module.exports = { coldLoad, SLOW_MOBILE };
