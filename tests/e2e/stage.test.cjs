// The in-call view (issue #13): during a video call the people list steps aside and the People &
// chat button opens it as a drawer (focus in, Escape or Close, focus back; unread chat badges the
// button); full screen and picture-in-picture; the Focus / Side by side layout, remembered over a
// reload; your own preview dragged or moved by keyboard to a corner; `?` lists the shortcuts in a
// focused dialog. At 1280×800, 390×844 and 320×640, both themes: every control inside the
// viewport, nothing overflowing sideways, no serious or critical axe-core finding.
'use strict';

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const axe = require('./axe.cjs');

const cleanup = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const SIZES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
  ['small', { width: 320, height: 640 }],
];
const tid = (id) => `[data-testid="${id}"]`;

async function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The element is shown and wholly inside the viewport. */
async function assertInViewport(page, selector, what) {
  const box = await page.locator(selector).first().boundingBox();
  const size = page.viewportSize();
  assert.ok(box, `${what} is shown`);
  assert.ok(box.x >= -0.5 && box.y >= -0.5 && box.x + box.width <= size.width + 0.5 && box.y + box.height <= size.height + 0.5,
    `${what} is inside the viewport: ${JSON.stringify(box)} in ${JSON.stringify(size)}`);
}

/** The data-testid of the focused element or its nearest marked ancestor ('BODY' when none). */
async function focused(page) {
  await page.waitForFunction(() => document.activeElement && document.activeElement !== document.body, null, { timeout: 1000 }).catch(() => {});
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'BODY';
    return el.getAttribute('data-testid') || el.closest('[data-testid]')?.getAttribute('data-testid') || el.tagName;
  });
}

/** Waits (up to 2 s) for focus to reach the element with this test id; returns where it is. */
async function focusReaches(page, id) {
  await page.waitForFunction((want) => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') === want, id, { timeout: 2000 }).catch(() => {});
  return focused(page);
}

async function focusInside(page, selector) {
  await page.waitForFunction((s) => !!document.activeElement?.closest(s), selector, { timeout: 2000 }).catch(() => {});
  return page.evaluate((s) => !!document.activeElement?.closest(s), selector);
}

/** Screenshots in both themes; each must fit the width and pass axe-core (no serious or critical finding). */
async function bothThemes(page, name) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    assert.equal(await sidewaysOverflow(page), 0, `${name} (${scheme}) fits the width`);
    await h.screenshot(page, `stage-${name}-${scheme}`);
    const { failing } = axe.partition(await axe.axeViolations(page));
    assert.equal(failing.length, 0, `axe-core, ${name} (${scheme}):\n${axe.describe(failing)}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

function area(box) {
  return box.width * box.height;
}

for (const [label, viewport] of SIZES) {
  test(`${label} ${viewport.width}×${viewport.height}: drawer, full screen, picture-in-picture, layout, movable preview, shortcut list`, { timeout: 180000 }, async () => {
    const server = await h.startServer();
    cleanup.push(server.stop);
    const browser = await h.launchBrowser();
    cleanup.push(() => browser.close());
    const alice = await h.openApp(browser, server, 'Alice', { viewport });
    const bob = await h.openApp(browser, server, 'Bob', { viewport });
    await h.placeAcceptedCall(alice, bob, 'video');
    await alice.waitForTimeout(400);

    // ---- The people list steps aside; the stage takes the width. -------------------------------
    assert.equal(await alice.locator(tid('peer-list')).isVisible(), false, 'the idle people list is not shown in a call');
    const stage = await alice.locator(tid('call-panel')).boundingBox();
    assert.ok(stage.width > viewport.width * 0.85, `the stage takes the width: ${stage.width}`);
    for (const id of ['hangup-button', 'mute-button', 'camera-button', 'drawer-button', 'fullscreen-button', 'layout-button']) {
      await assertInViewport(alice, tid(id), id);
    }
    const button = alice.locator(tid('drawer-button'));
    assert.equal(await button.getAttribute('aria-label'), 'People & chat');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await button.getAttribute('aria-controls'), 'call-drawer');
    await bothThemes(alice, `${label}-in-call`);

    // ---- The drawer: opened by the button, focus in; Escape closes, focus back. ----------------
    await button.click();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    await alice.locator(tid('peer-list')).waitFor({ state: 'visible' });
    assert.ok(await focusInside(alice, '#call-drawer'), 'focus moves into the drawer');
    assert.equal(await focused(alice), 'tab-people', 'on the tab that shows');
    await assertInViewport(alice, tid('drawer-close-button'), 'the drawer\'s close button');
    await assertInViewport(alice, tid('peer-item'), 'a person in the drawer');
    // Bob is the one Alice is talking to: his row says so, and offers no second call to him.
    const bobRow = h.peerRow(alice, bob);
    assert.equal(await bobRow.locator(tid('peer-with-you')).textContent(), 'With you');
    assert.equal(await bobRow.locator(tid('peer-busy')).count(), 0, 'not "in a call", as if with someone else');
    assert.equal(await bobRow.locator(tid('call-audio-button')).isVisible(), false, 'no call button for the person on the call');
    // Where the drawer covers the call, a bar says it is still on: with whom, for how long.
    if (label === 'desktop') {
      assert.equal(await alice.locator(tid('drawer-call-button')).isVisible(), false, 'beside the call, no bar');
    } else {
      await assertInViewport(alice, tid('drawer-call-button'), 'the call bar');
      assert.match(await alice.textContent(tid('drawer-call-button')), /^Call with Bob\d+:\d\d, back to the call$/);
      assert.equal(await alice.getAttribute(tid('drawer-call-time'), 'aria-hidden'), 'true', 'its name does not tick every second');
    }
    if (label === 'desktop') {
      const beside = await alice.locator(tid('call-panel')).boundingBox();
      assert.ok(beside.width > 700, `the call stays in view beside the drawer: ${beside.width}`);
    } else {
      const sheet = await alice.locator(tid('call-drawer')).boundingBox();
      assert.ok(sheet.y <= 0.5 && sheet.height >= viewport.height - 1 && sheet.width >= viewport.width - 1, `a full-height sheet: ${JSON.stringify(sheet)}`);
    }
    await bothThemes(alice, `${label}-drawer-open`);
    await alice.keyboard.press('Escape');
    assert.equal(await button.getAttribute('aria-expanded'), 'false', 'Escape closes it');
    assert.equal(await alice.locator(tid('peer-list')).isVisible(), false);
    assert.equal(await focusReaches(alice, 'drawer-button'), 'drawer-button', 'focus goes back to the button');
    assert.equal(await h.callState(alice), 'connected', 'Escape in the drawer does not touch the call');
    // Enter opens it again; the close button closes it, focus back again.
    await alice.keyboard.press('Enter');
    assert.ok(await focusInside(alice, '#call-drawer'), 'focus moves in again');
    await alice.click(tid('drawer-close-button'));
    assert.equal(await button.getAttribute('aria-expanded'), 'false', 'Close closes it');
    assert.equal(await focusReaches(alice, 'drawer-button'), 'drawer-button');

    // ---- Chat while the drawer is closed badges the button. ------------------------------------
    await bob.click(tid('drawer-button'));
    await bob.click(tid('tab-chat'));
    await bob.fill(tid('chat-input'), 'can you see me?');
    await bob.click(tid('chat-send-button'));
    await bob.keyboard.press('Escape');
    const badge = alice.locator(tid('drawer-unread'));
    await badge.waitFor({ timeout: 5000 });
    assert.equal((await badge.textContent()).replace(/\D/g, ''), '1');
    assert.equal(await button.getAttribute('aria-label'), 'People & chat', 'the name stays; the count is its description');
    await assertInViewport(alice, tid('drawer-unread'), 'the badge');
    await bothThemes(alice, `${label}-chat-badge`);
    await button.click();
    await alice.click(tid('tab-chat'));
    await alice.locator(tid('chat-message')).first().waitFor();
    await bothThemes(alice, `${label}-drawer-chat`);
    await alice.keyboard.press('Escape');
    assert.equal(await badge.count(), 0, 'read once the drawer was open');

    // ---- Full screen, by the button and by `f`. ---------------------------------------------------
    const fullscreen = alice.locator(tid('fullscreen-button'));
    assert.equal(await fullscreen.getAttribute('aria-pressed'), 'false');
    await fullscreen.click();
    await alice.waitForFunction(() => !!document.fullscreenElement, null, { timeout: 5000 });
    assert.equal(await alice.evaluate(() => document.fullscreenElement.contains(document.querySelector('[data-testid="call-panel"]'))), true, 'the call is what fills the screen');
    await alice.waitForSelector(`${tid('fullscreen-button')}[aria-pressed="true"]`);
    assert.equal(await fullscreen.getAttribute('aria-label'), 'Full screen', 'one name; the state is in aria-pressed');
    await alice.waitForTimeout(300);
    await bothThemes(alice, `${label}-fullscreen`);
    await fullscreen.click();
    await alice.waitForFunction(() => !document.fullscreenElement, null, { timeout: 5000 });
    await alice.waitForSelector(`${tid('fullscreen-button')}[aria-pressed="false"]`);
    await alice.focus(tid('hangup-button'));
    await alice.keyboard.press('f');
    await alice.waitForFunction(() => !!document.fullscreenElement, null, { timeout: 5000 });
    await alice.keyboard.press('f');
    await alice.waitForFunction(() => !document.fullscreenElement, null, { timeout: 5000 });

    // ---- Picture-in-picture of their video. -------------------------------------------------------
    const pipEnabled = await alice.evaluate(() => document.pictureInPictureEnabled === true);
    const pip = alice.locator(tid('pip-button'));
    assert.equal(await pip.count(), pipEnabled ? 1 : 0, 'the button is offered exactly where the browser has the API');
    let pipOutcome = 'not offered';
    if (pipEnabled) {
      assert.equal(await pip.getAttribute('aria-pressed'), 'false');
      await pip.click();
      await alice.waitForFunction(() => !!document.pictureInPictureElement || !!document.querySelector('[data-testid="stage-view-error"]'), null, { timeout: 5000 });
      if (await alice.evaluate(() => !!document.pictureInPictureElement)) {
        pipOutcome = 'entered';
        await alice.waitForSelector(`${tid('pip-button')}[aria-pressed="true"]`);
        assert.equal(await alice.evaluate(() => document.pictureInPictureElement.dataset.testid), 'remote-video', 'their video floats');
        // The browser's own close control ends it the same way exitPictureInPicture does:
        // leavepictureinpicture, which the button follows.
        await alice.evaluate(() => document.exitPictureInPicture());
        await alice.waitForSelector(`${tid('pip-button')}[aria-pressed="false"]`);
        await pip.click();
        await alice.waitForSelector(`${tid('pip-button')}[aria-pressed="true"]`);
        await pip.click();
        await alice.waitForSelector(`${tid('pip-button')}[aria-pressed="false"]`);
      } else {
        pipOutcome = 'refused';
        const error = alice.locator(tid('stage-view-error'));
        assert.equal(await error.getAttribute('data-code'), 'PIP_REFUSED');
        assert.match(await error.textContent(), /This browser did not open/);
        assert.equal(await pip.getAttribute('aria-pressed'), 'false', 'a refusal leaves the button unpressed');
        await bothThemes(alice, `${label}-pip-refused`);
        await alice.click(tid('dismiss-stage-view-error'));
      }
    }
    console.log(`[stage] ${label}: picture-in-picture ${pipOutcome}`);

    // ---- Your own preview: dragged, it snaps to the nearest corner; arrow keys move it. ---------
    const preview = alice.locator(tid('own-preview'));
    const media = await alice.locator(tid('call-media')).boundingBox();
    assert.equal(await preview.getAttribute('data-corner'), 'bottom-right');
    const own = await preview.boundingBox();
    assert.ok(area(own) < 0.2 * area(media), 'the preview is small');
    await alice.mouse.move(own.x + own.width / 2, own.y + own.height / 2);
    await alice.mouse.down();
    // Let go a little left of and above the middle: the top-left quarter.
    await alice.mouse.move(media.x + media.width * 0.3, media.y + media.height * 0.35, { steps: 8 });
    assert.equal(await preview.getAttribute('data-dragging'), 'true');
    await alice.mouse.up();
    await alice.waitForSelector(`${tid('own-preview')}[data-corner="top-left"][data-dragging="false"]`);
    let at = await preview.boundingBox();
    assert.ok(at.x - media.x < 20 && at.y - media.y < 20, `snapped to the top left: ${JSON.stringify(at)} in ${JSON.stringify(media)}`);
    await bothThemes(alice, `${label}-preview-top-left`);
    await preview.focus();
    assert.equal(await preview.getAttribute('aria-label'), 'Your camera preview');
    await alice.keyboard.press('ArrowRight');
    await alice.waitForSelector(`${tid('own-preview')}[data-corner="top-right"]`);
    await alice.keyboard.press('ArrowDown');
    await alice.waitForSelector(`${tid('own-preview')}[data-corner="bottom-right"]`);
    at = await preview.boundingBox();
    assert.ok(media.x + media.width - (at.x + at.width) < 20 && media.y + media.height - (at.y + at.height) < 20, `back at the bottom right: ${JSON.stringify(at)}`);
    assert.equal(await focused(alice), 'own-preview', 'the preview keeps focus as it moves');
    assert.equal(await h.callState(alice), 'connected', 'arrow keys did nothing else');

    // ---- The shortcut list: `?` opens it, focus inside and kept there, Escape closes. -------------
    await alice.focus(tid('hangup-button'));
    await alice.keyboard.press('?');
    const help = alice.locator(tid('shortcut-help'));
    await help.waitFor();
    assert.ok(await focusInside(alice, tid('shortcut-help')), 'focus moves into the list');
    for (let i = 0; i < 3; i++) {
      await alice.keyboard.press('Tab');
      assert.ok(await focusInside(alice, tid('shortcut-help')), 'Tab stays inside');
    }
    await alice.keyboard.press('Shift+Tab');
    assert.ok(await focusInside(alice, tid('shortcut-help')), 'Shift+Tab stays inside');
    const keys = await alice.locator(`${tid('shortcut-list')} kbd`).allTextContents();
    for (const key of ['m', 'v', 's', 'h', 'c', 'f', 'p', 'l', '?']) assert.ok(keys.includes(key), `lists ${key}: ${keys}`);
    assert.equal(await help.getAttribute('role'), 'dialog');
    assert.equal(await help.getAttribute('aria-modal'), 'true');
    await assertInViewport(alice, tid('shortcut-help-close'), 'the list\'s Close');
    // Keys behind the dialog wait: `m` does not mute while it is open.
    await alice.keyboard.press('m');
    await alice.waitForTimeout(200);
    assert.equal(await alice.getAttribute(tid('mute-button'), 'aria-pressed'), 'false');
    await bothThemes(alice, `${label}-shortcuts`);
    await alice.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    assert.equal(await focused(alice), 'hangup-button', 'focus goes back where it was');
    assert.equal(await h.callState(alice), 'connected', 'Escape in the list does not touch the call');
    if (label === 'desktop') {
      // Also from a visible button among the call's tools.
      await alice.click(tid('shortcuts-button'));
      await help.waitFor();
      await alice.click(tid('shortcut-help-close'));
      await help.waitFor({ state: 'detached' });
      assert.equal(await focused(alice), 'shortcuts-button');
    }

    // ---- Layout: Side by side gives equal tiles, and is remembered. ------------------------------
    const layout = alice.locator(tid('layout-button'));
    assert.equal(await layout.getAttribute('aria-label'), 'Side by side');
    assert.equal(await layout.getAttribute('aria-pressed'), 'false');
    const focusRemote = await alice.locator(tid('remote-video')).boundingBox();
    assert.ok(area(await preview.boundingBox()) < 0.2 * area(focusRemote), 'Focus: theirs large, yours small');
    await layout.click();
    await alice.waitForSelector(`${tid('call-media')}[data-layout="side-by-side"]`);
    assert.equal(await layout.getAttribute('aria-pressed'), 'true');
    await alice.waitForTimeout(200);
    const checkTiles = async (page) => {
      const theirs = await page.locator(tid('remote-video')).boundingBox();
      const mine = await page.locator(tid('own-preview')).boundingBox();
      const ratio = area(theirs) / area(mine);
      assert.ok(ratio > 0.9 && ratio < 1.1, `equal tiles: ${JSON.stringify({ theirs, mine })}`);
      const overlap = !(theirs.x + theirs.width <= mine.x + 1 || mine.x + mine.width <= theirs.x + 1
        || theirs.y + theirs.height <= mine.y + 1 || mine.y + mine.height <= theirs.y + 1);
      assert.ok(!overlap, 'side by side, not on top of each other');
    };
    await checkTiles(alice);
    assert.equal(await preview.getAttribute('tabindex'), '-1', 'a tile does not move');
    await bothThemes(alice, `${label}-side-by-side`);

    // Hang up, then reload: the next call starts side by side.
    await alice.click(tid('hangup-button'));
    await bob.waitForSelector(tid('call-ended'), { timeout: 15000 });
    await bob.click(tid('dismiss-call-button'));
    await h.reload(alice);
    await bob.click(tid('tab-people'));
    await h.placeAcceptedCall(bob, alice, 'video');
    await alice.waitForSelector(`${tid('call-media')}[data-layout="side-by-side"]`);
    assert.equal(await alice.getAttribute(tid('layout-button'), 'aria-pressed'), 'true', 'remembered after a reload');
    await alice.waitForTimeout(300);
    await checkTiles(alice);
    // The other side's choice is its own.
    assert.equal(await bob.getAttribute(tid('call-media'), 'data-layout'), 'focus');
    await alice.keyboard.press('l');
    await alice.waitForSelector(`${tid('call-media')}[data-layout="focus"]`);
    assert.equal(await sidewaysOverflow(alice), 0);
    assert.deepEqual(alice.__errors || [], [], 'no page errors');
  });
}

test('the idle stage offers the shortcut list from a visible link', { timeout: 60000 }, async () => {
  const server = await h.startServer();
  cleanup.push(server.stop);
  const browser = await h.launchBrowser();
  cleanup.push(() => browser.close());
  const alice = await h.openApp(browser, server, 'Alice');
  const link = alice.locator(tid('shortcuts-link'));
  await assertInViewport(alice, tid('shortcuts-link'), 'the link');
  await link.click();
  await alice.locator(tid('shortcut-help')).waitFor();
  assert.ok(await focusInside(alice, tid('shortcut-help')));
  await bothThemes(alice, 'desktop-idle-shortcuts');
  await alice.keyboard.press('Escape');
  await alice.locator(tid('shortcut-help')).waitFor({ state: 'detached' });
  assert.equal(await focused(alice), 'shortcuts-link', 'focus back on the link');
  // Outside a call there is no drawer: the side panel is simply there.
  assert.equal(await alice.locator(tid('tab-people')).isVisible(), true);
  assert.equal(await alice.locator(tid('drawer-close-button')).isVisible(), false);
});
