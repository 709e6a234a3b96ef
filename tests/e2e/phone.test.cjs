// The everyday call on a phone (issue #13): at 390×844 and 320×640, in both themes, nothing
// overflows sideways, the call takes the screen with its controls in reach, the incoming call is a
// focused modal dialog (focus moved in and trapped, Escape declines), focus never falls to the
// body after call / accept / hang-up, and the ended screen says what happened and offers
// "Call again".
'use strict';

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const cleanup = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const PHONE = { width: 390, height: 844 };
const SMALL = { width: 320, height: 640 };

/** Widest content vs the viewport: > 0 means the page scrolls sideways. */
async function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The element's box lies inside the viewport (visible without scrolling). */
async function inViewport(page, selector) {
  const box = await page.locator(selector).first().boundingBox();
  const size = page.viewportSize();
  assert.ok(box, `${selector} is shown`);
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width + 0.5 && box.y + box.height <= size.height + 0.5;
}

/** Where focus is, once the page has had a frame to move it (up to 1 s). */
async function focusedTestId(page) {
  await page.waitForFunction(() => document.activeElement && document.activeElement !== document.body, null, { timeout: 1000 }).catch(() => {});
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return 'BODY';
    return el.getAttribute('data-testid') || el.closest('[data-testid]')?.getAttribute('data-testid') || el.tagName;
  });
}

/** How many rows the call's controls take (the buttons shown, by their vertical centre; two
 *  centres within 8 px are one row). */
async function controlRows(page) {
  return page.evaluate(() => {
    const shown = [...document.querySelectorAll('.stage.call .controls > *')].filter((el) => el.getBoundingClientRect().width > 0);
    const centres = shown.map((el) => { const r = el.getBoundingClientRect(); return r.top + r.height / 2; }).sort((a, b) => a - b);
    return centres.filter((c, i) => i === 0 || c - centres[i - 1] > 8).length;
  });
}

// A phone's browser has no screen capture (so no screen button): Bob's page is such a phone.
const PHONE_BROWSER = (page) => page.addInitScript(() => { delete MediaDevices.prototype.getDisplayMedia; });

async function bothThemes(page, name) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(100);
    assert.equal(await sidewaysOverflow(page), 0, `${name} (${scheme}) fits the width`);
    await h.screenshot(page, `${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

for (const [label, viewport] of [['phone', PHONE], ['small', SMALL]]) {
  test(`${label} ${viewport.width}×${viewport.height}: a video call owns the screen, the dialog is focused, the end is clear`, { timeout: 90000 }, async () => {
    const server = await h.startServer();
    cleanup.push(server.stop);
    const browser = await h.launchBrowser();
    cleanup.push(() => browser.close());
    const alice = await h.openApp(browser, server, 'Alice', { viewport });
    const bob = await h.openApp(browser, server, 'Bob', { viewport, beforeLoad: PHONE_BROWSER });
    await h.waitForPeer(alice, bob);
    await bothThemes(alice, `${label}-idle`);
    // Small text controls take a finger: a press 20 px above or below the words' middle (a
    // 44 px target's edge is 22 px away) still lands on them.
    for (const id of ['copy-call-link-button', 'edit-name-button']) {
      const hits = await alice.locator(`[data-testid="${id}"]`).first().evaluate((el) => {
        const box = el.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        return [y - 20, y + 20].map((at) => el.contains(document.elementFromPoint(x, at)));
      });
      assert.deepEqual(hits, [true, true], `${id}: a finger's press above and below its words reaches it`);
    }
    for (const id of ['theme-toggle', 'connection-status']) {
      assert.ok(await inViewport(alice, `[data-testid="${id}"]`), `${id} is on screen`);
    }

    // Alice calls by keyboard: focus the call button, press Enter.
    await h.peerRow(alice, bob).locator('[data-testid="call-video-button"]').focus();
    await alice.keyboard.press('Enter');
    await bob.waitForSelector('[data-testid="incoming-call"]');
    assert.notEqual(await focusedTestId(alice), 'BODY', 'focus stays on something after placing a call');
    // While it rings, Alice sees whom she calls, not a black box where Bob's video will be.
    assert.ok(await inViewport(alice, '[data-testid="remote-video-waiting"]'), 'the called person is shown while it rings');
    assert.equal(await alice.textContent('[data-testid="remote-video-waiting"] p'), 'Video call');
    await bothThemes(alice, `${label}-outgoing-video`);
    // Record cannot be pressed before the call connects, and it is there already: nothing
    // moves Hang up when the call connects.
    assert.ok(await alice.locator('[data-testid="record-button"]').isDisabled(), 'Record waits for the call');
    const hangUpRinging = await alice.locator('[data-testid="hangup-button"]').boundingBox();

    // Bob: the dialog takes focus, keeps it, names the call, fits the screen.
    await bob.waitForFunction(() => document.activeElement && document.activeElement.closest('[data-testid="incoming-call"]'));
    const name = await bob.getAttribute('[data-testid="incoming-call"]', 'aria-label');
    assert.equal(name, 'Incoming video call from Alice');
    for (let i = 0; i < 6; i++) {
      await bob.keyboard.press('Tab');
      assert.ok(await bob.evaluate(() => !!document.activeElement.closest('[data-testid="incoming-call"]')), 'Tab stays in the dialog');
    }
    await bob.keyboard.press('Shift+Tab');
    assert.ok(await bob.evaluate(() => !!document.activeElement.closest('[data-testid="incoming-call"]')), 'Shift+Tab stays in the dialog');
    assert.ok(await inViewport(bob, '[data-testid="accept-button"]'), 'Accept is on screen');
    assert.ok(await inViewport(bob, '[data-testid="reject-button"]'), 'Decline is on screen');
    await bothThemes(bob, `${label}-incoming`);

    await bob.focus('[data-testid="accept-button"]');
    await bob.keyboard.press('Enter');
    await h.waitForCallState(alice, 'connected');
    await h.waitForCallState(bob, 'connected');
    assert.notEqual(await focusedTestId(bob), 'BODY', 'focus lands in the call after accepting');
    // Once the other's first frame is in, their video takes the tile's place.
    for (const page of [alice, bob]) {
      await page.waitForSelector('[data-testid="remote-video-waiting"]', { state: 'detached', timeout: 10000 });
      assert.ok(await page.$eval('[data-testid="remote-video"]', (v) => v.videoWidth > 0), 'their video has a picture');
    }
    await bob.waitForTimeout(500);
    const hangUpConnected = await alice.locator('[data-testid="hangup-button"]').boundingBox();
    assert.deepEqual(hangUpConnected, hangUpRinging, 'Hang up stays where it was when the call connects');
    assert.ok(await alice.locator('[data-testid="record-button"]').isEnabled(), 'Record once connected');

    // The call owns the screen: the stage fills the viewport and its controls are within thumb reach.
    for (const page of [alice, bob]) {
      for (const id of ['hangup-button', 'mute-button', 'camera-button']) {
        assert.ok(await inViewport(page, `[data-testid="${id}"]`), `${id} is on screen`);
      }
      const stage = await page.locator('[data-testid="call-panel"]').boundingBox();
      assert.ok(stage.y < 80 && stage.height > viewport.height * 0.7, `the stage takes the screen: ${JSON.stringify(stage)}`);
      const remote = await page.locator('[data-testid="remote-video"]').boundingBox();
      const local = await page.locator('[data-testid="local-video"]').boundingBox();
      assert.ok(local.width * local.height < 0.2 * remote.width * remote.height, 'your own preview stays small');
    }
    // A video call's controls keep to one row on a phone (hang up is round there, named by its
    // label), and so do a desktop browser's this narrow, with its screen button too.
    assert.equal(await bob.locator('[data-testid="screen-button"]').count(), 0);
    assert.equal(await controlRows(bob), 1, `a phone's video call controls are one row at ${viewport.width}`);
    assert.equal(await alice.locator('[data-testid="screen-button"]').count(), 1);
    assert.equal(await controlRows(alice), 1, `with the screen button too, at ${viewport.width}`);
    for (const id of ['mute-button', 'camera-button', 'screen-button', 'record-button', 'hangup-button', 'drawer-button']) {
      const box = await alice.locator(`[data-testid="${id}"]`).boundingBox();
      assert.ok(box.width >= 44 && box.height >= 44, `${id} is big enough for a finger: ${JSON.stringify(box)}`);
    }
    assert.equal(await bob.getAttribute('[data-testid="hangup-button"]', 'aria-label'), 'Hang up');
    assert.ok(await bob.locator('[data-testid="hangup-button"]').isVisible());
    await bothThemes(bob, `${label}-in-call-video`);

    await bob.click('[data-testid="hangup-button"]');
    await alice.waitForSelector('[data-testid="call-ended"]');
    await bob.waitForSelector('[data-testid="call-ended"]');
    assert.notEqual(await focusedTestId(bob), 'BODY', 'focus lands on the ended screen after hanging up');
    // The end says what happened in words, with no black video box, and offers to call again.
    const headline = await alice.textContent('[data-testid="call-end-reason"]');
    assert.match(headline, /Bob hung up|ended the call/i);
    assert.equal(await alice.locator('[data-testid="remote-video"]:visible').count(), 0, 'no empty video box');
    assert.ok(await inViewport(alice, '[data-testid="call-again-button"]'), 'Call again is on screen');
    await bothThemes(alice, `${label}-ended`);

    // Call again calls the same person.
    await alice.click('[data-testid="call-again-button"]');
    await bob.waitForSelector('[data-testid="incoming-call"]');
    // Escape declines.
    await bob.keyboard.press('Escape');
    assert.equal(await h.endReason(alice), 'REJECTED');
    await alice.click('[data-testid="dismiss-call-button"]');
    assert.notEqual(await focusedTestId(alice), 'BODY', 'focus goes somewhere useful after Done');
    // A chat line arriving afterwards does not bring the dismissed summary back.
    await bob.click('[data-testid="dismiss-call-button"]');
    await bob.click('[data-testid="tab-chat"]');
    await bob.fill('[data-testid="chat-input"]', 'still there?');
    await bob.click('[data-testid="chat-send-button"]');
    await alice.waitForSelector('[data-testid="chat-unread"]');
    await alice.waitForTimeout(300);
    assert.equal(await alice.locator('[data-testid="call-ended"]').count(), 0, 'the summary stays dismissed');
  });
}

/** How far the document scrolls down (> 0: part of the page is below the screen). */
const downwardOverflow = (page) => page.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight);

// A phone on its side is wide but short: wider than the phone layout's 760 px, far shorter than a
// desktop stage. The call must still fit the screen as it does upright.
for (const viewport of [{ width: 844, height: 390 }, { width: 640, height: 320 }]) {
  const label = `sideways-${viewport.width}`;
  test(`a phone on its side ${viewport.width}×${viewport.height}: the call fits the screen, nothing scrolls, the drawer is a sheet`, { timeout: 90000 }, async () => {
    const server = await h.startServer();
    cleanup.push(server.stop);
    const browser = await h.launchBrowser();
    cleanup.push(() => browser.close());
    const alice = await h.openApp(browser, server, 'Alice', { viewport, beforeLoad: PHONE_BROWSER });
    const bob = await h.openApp(browser, server, 'Bob', { viewport, beforeLoad: PHONE_BROWSER });
    await h.waitForPeer(alice, bob);
    const fits = async (page, what, ids) => {
      assert.equal(await downwardOverflow(page), 0, `${what}: nothing is below the screen`);
      assert.equal(await sidewaysOverflow(page), 0, `${what}: nothing is beside the screen`);
      for (const id of ids) assert.ok(await inViewport(page, `[data-testid="${id}"]`), `${what}: ${id} is on screen`);
    };

    await h.peerRow(alice, bob).locator('[data-testid="call-video-button"]').click();
    await bob.waitForSelector('[data-testid="accept-button"]');
    await fits(alice, 'calling', ['call-peer', 'call-state', 'remote-video-waiting', 'hangup-button', 'mute-button']);
    await fits(bob, 'ringing', ['accept-button', 'reject-button']);
    await bothThemes(alice, `${label}-outgoing-video`);
    await bothThemes(bob, `${label}-incoming`);

    await bob.click('[data-testid="accept-button"]');
    await h.waitForCallState(alice, 'connected');
    await h.waitForCallState(bob, 'connected');
    for (const page of [alice, bob]) {
      await page.waitForSelector('[data-testid="remote-video-waiting"]', { state: 'detached', timeout: 10000 });
      await fits(page, 'in the call', ['call-peer', 'call-state', 'hangup-button', 'mute-button', 'camera-button', 'drawer-button']);
      const stage = await page.locator('[data-testid="call-panel"]').boundingBox();
      assert.deepEqual([stage.x, stage.y, stage.width, stage.height], [0, 0, viewport.width, viewport.height], 'the call owns the screen');
      // The picture gets the height the head and the controls leave: more than half the screen.
      const remote = await page.locator('[data-testid="remote-video"]').boundingBox();
      assert.ok(remote.y >= 0 && remote.height >= viewport.height * 0.5, `their video is large and on screen: ${JSON.stringify(remote)}`);
      assert.equal(await controlRows(page), 1, 'the controls are one row');
    }
    await bothThemes(bob, `${label}-in-call-video`);

    // People & chat opens as a sheet over the whole screen, and gives the call back on close.
    await bob.click('[data-testid="drawer-button"]');
    await bob.waitForSelector('[data-testid="call-drawer"][data-open="true"]');
    const drawer = await bob.locator('[data-testid="call-drawer"]').boundingBox();
    assert.deepEqual([drawer.x, drawer.y, drawer.width, drawer.height], [0, 0, viewport.width, viewport.height], 'the drawer is a sheet over the screen');
    assert.ok(await inViewport(bob, '[data-testid="drawer-close-button"]'), 'its close button is on screen');
    // The call is still on: the sheet's bar says with whom and how long, and goes back to it.
    assert.ok(await inViewport(bob, '[data-testid="drawer-call-button"]'), 'the call bar is on screen');
    assert.match(await bob.textContent('[data-testid="drawer-call-time"]'), /^\d+:\d\d$/);
    await bothThemes(bob, `${label}-drawer`);
    await bob.click('[data-testid="drawer-call-button"]');
    await bob.waitForSelector('[data-testid="call-drawer"][data-open="false"]', { state: 'attached' });
    assert.ok(await inViewport(bob, '[data-testid="hangup-button"]'), 'the call is back');

    await bob.click('[data-testid="hangup-button"]');
    await alice.waitForSelector('[data-testid="call-ended"]');
    await fits(alice, 'ended', ['call-end-reason', 'call-again-button']);
    await bothThemes(alice, `${label}-ended`);
    assert.deepEqual([...(alice.__errors || []), ...(bob.__errors || [])], []);
  });
}

/** Boxes inside the page that scroll sideways (each scroll box, not only the document). */
const sidewaysScrollers = (page) => page.evaluate(() => [...document.querySelectorAll('*')]
  .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 0.5)
  .map((el) => `${el.className || el.tagName} +${el.scrollWidth - el.clientWidth}px`));

test('small 320×640: a long name gives way before the header\'s buttons, and the chat never scrolls sideways', { timeout: 60000 }, async () => {
  const server = await h.startServer();
  cleanup.push(server.stop);
  const browser = await h.launchBrowser();
  cleanup.push(() => browser.close());
  const page = await h.openApp(browser, server, 'Maximiliane-Theresa', { viewport: SMALL });
  const name = await page.locator('[data-testid="edit-name-button"]').boundingBox();
  const toggle = await page.locator('[data-testid="theme-toggle"]').boundingBox();
  assert.ok(name.x + name.width <= toggle.x, `the name (${JSON.stringify(name)}) ends before the theme button (${JSON.stringify(toggle)})`);
  assert.ok(await page.$eval('[data-testid="edit-name-button"] > span', (s) => s.scrollWidth > s.clientWidth), 'the long name is cut with an ellipsis');
  assert.ok(await inViewport(page, '[data-testid="edit-name-button"] .edit-mark'), 'the pencil stays visible');

  await page.click('[data-testid="tab-chat"]');
  await page.fill('[data-testid="chat-input"]', 'A rather long line to see how the chat wraps on the smallest phone there is');
  await page.click('[data-testid="chat-send-button"]');
  await page.waitForSelector('[data-testid="chat-message"]');
  assert.deepEqual(await sidewaysScrollers(page), [], 'nothing scrolls sideways');
  const form = await page.locator('.chat-form').boundingBox();
  const body = await page.locator('.tab-body').boundingBox();
  assert.ok(form.x >= body.x + 15 && form.x + form.width <= body.x + body.width - 15, `the chat form keeps the panel's padding: ${JSON.stringify({ form, body })}`);
  await bothThemes(page, 'small-chat');
  assert.deepEqual(page.__errors || [], []);
});
