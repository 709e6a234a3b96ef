// Timing helpers of the in-call control tests (issue #16): how long a user's action takes to
// show on the other side, measured from just before the click to the selector appearing there.
'use strict';

const assert = require('node:assert/strict');

/**
 * Clicks `selector` on `actor` and waits for `seen` on `observer`. Returns the milliseconds from
 * the click reaching the actor's page to `seen` appearing in the observer's, both stamped in the
 * pages (one machine, one clock), so the test driver's own round trips are not counted.
 */
async function clickAndSee(actor, selector, observer, seen, { within = 1000 } = {}) {
  assert.equal(await observer.locator(seen).count(), 0, `${seen} is not there before the click`);
  await observer.evaluate((sel) => {
    window.__seenAt = null;
    const check = () => { if (window.__seenAt === null && document.querySelector(sel)) window.__seenAt = Date.now(); };
    window.__seenObserver?.disconnect();
    window.__seenObserver = new MutationObserver(check);
    window.__seenObserver.observe(document, { subtree: true, childList: true, attributes: true });
  }, seen);
  await actor.evaluate((sel) => {
    window.__clickedAt = null;
    if (window.__clickStamp) document.removeEventListener('click', window.__clickStamp, true);
    window.__clickStamp = (e) => { if (window.__clickedAt === null && e.target.closest(sel)) window.__clickedAt = Date.now(); };
    document.addEventListener('click', window.__clickStamp, true);
  }, selector);
  await actor.click(selector);
  await observer.waitForSelector(seen, { state: 'attached', timeout: within + 2000 });
  const seenAt = await observer.evaluate(() => { window.__seenObserver.disconnect(); return window.__seenAt; });
  const clickedAt = await actor.evaluate(() => window.__clickedAt);
  assert.ok(seenAt !== null && clickedAt !== null, 'both moments were stamped');
  return seenAt - clickedAt;
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
