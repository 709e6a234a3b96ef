// First-load benchmark: cold loads (new browser context, empty cache) of the call page and of
// the widget, in headless Chromium through the real server, on loopback and under the
// slow-mobile emulation (lib/cold_load.cjs says how each figure is taken). "Interactive" = the
// call button of a person already online (Bob, on his own page) is usable. Prints one JSON
// line per page per condition, then a table against issue #15's targets.
// Run with bench/load.sh; LOADS=N sets the cold loads per page per condition (default 10).
//
// The call page is `/` itself. The widget is loaded as a site runs it: bench/widget_host/ on
// another origin (127.0.0.1, another port) loads the server's /embed.js and Dialtone.mount()s
// it; the figure runs from the host page's navigation start to the button usable in the iframe.
// "widget, iframe in markup": the same site with the widget's iframe in its own markup, which
// embed.js adopts (docs/EMBED.md): the iframe no longer waits for embed.js.
// Each page and condition starts with one load that is not counted (it warms the server's and
// the OS's file caches, not the browser's: every load has a new, empty context).
'use strict';

const os = require('node:os');
const path = require('node:path');
const h = require('../tests/e2e/harness.cjs');
const ROOT = h.ROOT;
const { coldLoad } = require('./lib/cold_load.cjs');
const { stats, table } = require('./lib/stats.cjs');

const LOADS = Number(process.env.LOADS || 10);
const CONDITIONS = [
  { name: 'loopback', slow: false, targetMs: 300 },
  { name: 'slow mobile', slow: true, targetMs: 2000 },
];

(async () => {
  let host;
  let server;
  let browser;
  const results = [];
  try {
    host = await h.startStatic(path.join(__dirname, 'widget_host'));
    server = await h.startServer({ args: ['--embed-origins', host.origin] });
    browser = await h.launchBrowser();
    const bob = await h.openApp(browser, server, 'Bob');
    const pages = [
      { name: 'call page', url: `${server.url}/` },
      { name: 'widget', url: `${host.url}/index.html?server=${encodeURIComponent(server.url)}` },
      { name: 'widget, iframe in markup', url: `${host.url}/index.html?server=${encodeURIComponent(server.url)}&markup=1` },
    ];
    for (const condition of CONDITIONS) {
      const runs = new Map(pages.map((page) => [page.name, []]));
      for (let n = 0; n <= LOADS; n++) {
        for (const page of pages) {
          const run = await coldLoad(browser, { url: page.url, appOrigin: server.url, personId: bob.__peerId, slow: condition.slow });
          if (n > 0) runs.get(page.name).push(run);
        }
      }
      for (const [page, list] of runs) {
        const interactive = stats(list.map((r) => r.interactiveMs));
        results.push({
          bench: 'load',
          page,
          condition: condition.name,
          loads: list.length,
          interactive_ms: interactive,
          target_ms: condition.targetMs,
          meets_target: interactive.median <= condition.targetMs,
          bytes_until_interactive: stats(list.map((r) => r.bytes)),
          wasm_requested_median_ms: stats(list.map((r) => r.wasmRequestedMs)).median,
          wasm_loaded_median_ms: stats(list.map((r) => r.wasmLoadedMs)).median,
          load_average_1min: Math.round(os.loadavg()[0] * 100) / 100,
          server_bin: path.relative(ROOT, process.env.DIALTONE_SERVER_BIN || 'target/debug/dialtone-server'),
        });
      }
    }
  } finally {
    await browser?.close();
    await server?.stop();
    await host?.stop();
  }
  for (const result of results) console.log(JSON.stringify(result));
  console.log(`\nCold loads (new context, empty cache), ${LOADS} per page per condition; interactive = the first person's call button usable:`);
  console.log(table(['page', 'condition', 'interactive, median / p95', 'target (median)', 'wasm requested → loaded, median', 'bytes until interactive, median'],
    results.map((r) => [r.page, r.condition, `${r.interactive_ms.median} / ${r.interactive_ms.p95} ms`,
      `≤ ${r.target_ms} ms ${r.meets_target ? '(met)' : '(missed)'}`, `${r.wasm_requested_median_ms} → ${r.wasm_loaded_median_ms} ms`,
      r.bytes_until_interactive.median.toLocaleString('en-US')])));
  console.log(`server: ${results.at(-1)?.server_bin}; machine load average (1 min) at the end: ${results.at(-1)?.load_average_1min}`);
  console.log('slow mobile = CDP Network.emulateNetworkConditions 1.6 Mbps down, 750 Kbps up, 562 ms latency (signaling socket frames delayed 281 ms each way) + Emulation.setCPUThrottlingRate 4');
})().catch((error) => { console.error(error); process.exit(1); });
