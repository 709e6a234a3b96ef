// Call set-up latency on loopback, in real headless Chromium through the real server, for
// Dialtone and for the floor (bench/floor/: a minimal hand-written JS client on the same server)
// in one run. Prints one JSON line per series, then a table with the ratio Dialtone / floor.
// Run with bench/call_setup.sh.
//
// Fresh series (the clients interleaved call by call): both pages are opened anew, in new
// browser contexts (empty cache, nothing warm), before every call: the first call a user makes
// after opening the page. Besides the floor and Dialtone, the same Dialtone page without its
// first-call rehearsal (`?rehearse=0`; UNREHEARSED=0 skips it) shows what the rehearsal is worth
// in the same run. Warm series (Dialtone only; WARM=0 skips it): the pages stay loaded
// across calls, and each call also times mute intent → confirmed. Each series starts with one
// warm-up call that is not counted. How each timestamp is taken: lib/call_pages.cjs.
'use strict';

const os = require('node:os');
const path = require('node:path');
const { distOverlay } = require('./lib/dist_overlay.cjs');

const ROOT = path.resolve(__dirname, '..');
// The floor's page is served by Dialtone's own server, from the same --dist folder as the app.
const overlay = distOverlay(process.env.DIALTONE_DIST || path.join(ROOT, 'dist'), { floor: path.join(__dirname, 'floor') });
process.env.DIALTONE_DIST = overlay.dir;

const h = require('../tests/e2e/harness.cjs');
const { openPair, closePair, timeCall, timeMute, hangUp } = require('./lib/call_pages.cjs');
const { stats, ratio, table } = require('./lib/stats.cjs');

const CALLS = Number(process.env.CALLS || 20);
const WARM = process.env.WARM !== '0';
// UNREHEARSED=0 skips the series of Dialtone pages without their first-call rehearsal.
const UNREHEARSED = process.env.UNREHEARSED !== '0';
const FRESH = 'fresh before every call';
const WARM_PAGES = 'loaded once';

async function freshCall(client, browser, server) {
  const pair = await openPair(client, browser, server);
  try {
    return await timeCall(pair.caller, pair.callee);
  } finally {
    await closePair(pair);
  }
}

async function freshSeries(browser, server) {
  const clients = UNREHEARSED ? ['dialtone', 'floor', 'dialtone-unrehearsed'] : ['dialtone', 'floor'];
  const times = Object.fromEntries(clients.map((client) => [client, []]));
  for (let n = 0; n <= CALLS; n++) {
    // Rotate which client goes first, so none always runs right after another.
    const order = clients.map((_, i) => clients[(i + n) % clients.length]);
    for (const client of order) {
      const time = await freshCall(client, browser, server);
      if (n > 0) times[client].push(time); // call 0 is the warm-up
    }
  }
  return times;
}

async function warmSeries(browser, server) {
  const pair = await openPair('dialtone', browser, server);
  const times = [];
  const mutes = [];
  try {
    for (let n = 0; n <= CALLS; n++) {
      const time = await timeCall(pair.caller, pair.callee);
      const mute = await timeMute(pair.caller);
      if (n > 0) { times.push(time); mutes.push(mute); }
      await hangUp(pair.caller, pair.callee);
    }
  } finally {
    await closePair(pair);
  }
  return { times, mutes };
}

/** Median ms after the click of each step seen in every call, in order. */
function medianSteps(times) {
  const keys = Object.keys(times[0].steps).filter((key) => times.every((t) => key in t.steps));
  const medians = keys.map((key) => [key, stats(times.map((t) => t.steps[key])).median]);
  return Object.fromEntries(medians.sort((a, b) => a[1] - b[1]));
}

function summary(client, pages, times, extra = {}) {
  return {
    bench: 'call_setup',
    client,
    pages,
    calls: times.length,
    click_to_both_connected_ms: stats(times.map((t) => t.click)),
    accept_to_connected_ms: stats(times.map((t) => t.accept)),
    steps_after_click_median_ms: medianSteps(times),
    ...extra,
    load_average_1min: Math.round(os.loadavg()[0] * 100) / 100,
    server_bin: path.relative(ROOT, process.env.DIALTONE_SERVER_BIN || 'target/debug/dialtone-server'),
  };
}

function report(results) {
  for (const result of results) console.log(JSON.stringify(result));
  const find = (client, pages) => results.find((r) => r.client === client && r.pages === pages);
  const [floor, dialtone] = [find('floor', FRESH), find('dialtone', FRESH)];
  const [unrehearsed, warm] = [find('dialtone-unrehearsed', FRESH), find('dialtone', WARM_PAGES)];
  const pair = (s) => `${s.median} / ${s.p95} ms`;
  const times = ({ click_to_both_connected_ms: c, accept_to_connected_ms: a }) => [pair(c), pair(a)];
  const rows = [
    ['floor (hand-written JS), fresh pages', ...times(floor)],
    ['Dialtone, fresh pages', ...times(dialtone)],
  ];
  if (unrehearsed) rows.push(['Dialtone, fresh pages, no first-call rehearsal (?rehearse=0)', ...times(unrehearsed)]);
  if (warm) rows.push(['Dialtone, pages loaded once (warm)', ...times(warm)]);
  const x = (key, q) => ratio(dialtone[key][q], floor[key][q]);
  const verdict = (key) => {
    const [m, p] = [x(key, 'median'), x(key, 'p95')];
    return `${m}× / ${p}× ${m <= 1.1 && p <= 1.1 ? '(meets ≤ 1.1×)' : '(target ≤ 1.1×: missed)'}`;
  };
  rows.push(['ratio Dialtone fresh / floor', verdict('click_to_both_connected_ms'), verdict('accept_to_connected_ms')]);
  console.log(`\n${dialtone.calls} audio calls per series on loopback through the real server (one warm-up call each, not counted):`);
  console.log(table(['client', 'click → both connected, median / p95', 'accept → connected, median / p95'], rows));
  for (const result of results) {
    const steps = Object.entries(result.steps_after_click_median_ms).map(([key, ms]) => `${key} ${ms}`).join(', ');
    console.log(`${result.client} (pages ${result.pages}), median ms after the click: ${steps}`);
  }
  console.log(`server: ${results.at(-1).server_bin}; machine load average (1 min) at the end: ${results.at(-1).load_average_1min}`);
  if (warm) {
    const m = warm.mute_intent_to_confirmed_ms;
    console.log(`Dialtone warm, mute intent → confirmed: median ${m.median} ms, p95 ${m.p95} ms`);
  }
}

(async () => {
  let server;
  let browser;
  const results = [];
  try {
    server = await h.startServer();
    browser = await h.launchBrowser();
    const fresh = await freshSeries(browser, server);
    results.push(summary('floor', FRESH, fresh.floor), summary('dialtone', FRESH, fresh.dialtone));
    if (UNREHEARSED) results.push(summary('dialtone-unrehearsed', FRESH, fresh['dialtone-unrehearsed']));
    if (WARM) {
      const warm = await warmSeries(browser, server);
      results.push(summary('dialtone', WARM_PAGES, warm.times, { mute_intent_to_confirmed_ms: stats(warm.mutes) }));
    }
  } finally {
    await browser?.close();
    await server?.stop();
    overlay.remove();
  }
  report(results);
})().catch((error) => { console.error(error); process.exit(1); });
