// Timing helpers of the in-call control tests (issue #16): how long a user's action takes to
// show on the other side, measured from just before the click to the selector appearing there.
'use strict';

const assert = require('node:assert/strict');

/** Clicks `selector` on `actor` and waits for `seen` on `observer`; returns the milliseconds. */
async function clickAndSee(actor, selector, observer, seen, { within = 1000 } = {}) {
  const started = Date.now();
  await actor.click(selector);
  await observer.waitForSelector(seen, { state: 'attached', timeout: within + 2000 });
  return Date.now() - started;
}

/** Asserts a latency is within the limit, with its name in the message. */
function assertWithin(name, ms, limit = 1000) {
  assert.ok(ms <= limit, `${name}: seen after ${ms} ms (limit ${limit} ms)`);
}

/** The history entry the page shows for its latest call. */
async function latestHistory(page) {
  await page.click('[data-testid="tab-history"]');
  const item = page.locator('[data-testid="history-item"]').first();
  await item.waitFor({ timeout: 5000 });
  return {
    reason: await item.getAttribute('data-reason'),
    durationMs: Number(await item.getAttribute('data-duration-ms')),
  };
}

/** The control link's counters on a page (`control-link`, shown during a connected call). */
async function controlLink(page) {
  const link = page.locator('[data-testid="control-link"]');
  return {
    state: await link.getAttribute('data-state'),
    applied: Number(await link.getAttribute('data-applied')),
    duplicates: Number(await link.getAttribute('data-duplicates')),
    stale: Number(await link.getAttribute('data-stale')),
  };
}

async function waitUsable(page) {
  await page.waitForSelector('[data-testid="control-link"][data-state="usable"]', { timeout: 15000 });
}

module.exports = { clickAndSee, assertWithin, latestHistory, controlLink, waitUsable };
