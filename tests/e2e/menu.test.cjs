// The header's "More" menu (issue #13 items 3 and 8): a disclosure that opens with focus on its
// first item, arrow keys between items, Escape closing it back to its button, a click outside
// closing it; the operator features (Telephony, "Stream call audio") live there and no longer in
// the everyday screens; "Copy link" copies (with a visible confirmation) or shows the link to
// copy by hand; a call link offers "Call Bob" once Bob is online and never dials by itself.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = { server: null, browser: null };
before(async () => {
  env.server = await h.startServer();
  env.browser = await h.launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.server?.stop();
});

const T = (page, id) => page.locator(`[data-testid="${id}"]`);
const activeTestId = (page) => page.evaluate(() => document.activeElement?.dataset?.testid || document.activeElement?.tagName);

async function allowClipboard(page) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
}

async function noHorizontalOverflow(page, label) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `${label}: page ${scroll} px wide in a ${width} px window`);
}

async function insideViewport(page, locator, label) {
  const box = await locator.boundingBox();
  const { width, height } = page.viewportSize();
  assert.ok(box, `${label} is on screen`);
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5,
    `${label} inside the ${width}x${height} viewport: ${JSON.stringify(box)}`);
}

test('the menu opens on its first item, moves by arrow keys, closes on Escape (focus back) and on a click outside', { timeout: 60000 }, async () => {
  const alice = await h.openApp(env.browser, env.server, 'Alice', { query: '&room=menu-keys' });
  const button = T(alice, 'menu-button');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await button.getAttribute('aria-controls'), 'more-menu');
  assert.equal(await alice.locator('#more-menu').count(), 1, 'aria-controls names the panel');
  assert.equal(await T(alice, 'menu').isVisible(), false, 'closed at first');
  assert.equal(await T(alice, 'telephony-link').isVisible(), false, 'Telephony is not in the everyday top bar');

  await button.focus();
  await alice.keyboard.press('Enter');
  await T(alice, 'menu').waitFor();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  assert.equal(await activeTestId(alice), 'menu-copy-room-link', 'focus on the first item');
  await alice.keyboard.press('ArrowDown');
  assert.equal(await activeTestId(alice), 'menu-copy-call-me-link');
  await T(alice, 'telephony-link').focus();
  await alice.keyboard.press('ArrowDown');
  assert.equal(await activeTestId(alice), 'language-picker', 'the language picker closes the list');
  await alice.keyboard.press('Home');
  assert.equal(await activeTestId(alice), 'menu-copy-room-link');
  await alice.keyboard.press('ArrowUp');
  assert.equal(await activeTestId(alice), 'language-picker', 'up from the first wraps to the last');
  await alice.keyboard.press('Home');
  await alice.keyboard.press('End');
  assert.equal(await activeTestId(alice), 'language-picker');
  await alice.keyboard.press('Home');
  assert.equal(await activeTestId(alice), 'menu-copy-room-link');
  await h.screenshot(alice, 'menu-open-desktop-light');

  await alice.keyboard.press('Escape');
  assert.equal(await T(alice, 'menu').isVisible(), false, 'Escape closes');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await activeTestId(alice), 'menu-button', 'focus back on the button');

  await button.click();
  await T(alice, 'menu').waitFor();
  await alice.mouse.click(640, 600);
  await T(alice, 'menu').waitFor({ state: 'hidden', timeout: 2000 });
  assert.equal(await button.getAttribute('aria-expanded'), 'false', 'a click outside closes');

  // Tab past the last item leaves the menu, and closes it.
  await button.click();
  await T(alice, 'menu').locator('[data-testid="language-picker"]').focus();
  await alice.keyboard.press('Tab');
  await T(alice, 'menu').waitFor({ state: 'hidden', timeout: 2000 });
  await alice.context().close();
});

test('Copy link to this room: on the clipboard with a visible confirmation; refused, the link to copy by hand', { timeout: 60000 }, async () => {
  const alice = await h.openApp(env.browser, env.server, 'Alice', { query: '&room=team%20blue' });
  await allowClipboard(alice);
  await T(alice, 'menu-button').click();
  await T(alice, 'menu-copy-room-link').click();
  const copied = T(alice, 'link-copied');
  await copied.waitFor({ timeout: 5000 });
  const expected = `${env.server.url}/?room=team%20blue`;
  assert.equal(await copied.getAttribute('data-link'), expected);
  assert.match(await copied.innerText(), /Link to this room copied/);
  assert.equal(await alice.evaluate(() => navigator.clipboard.readText()), expected, 'really on the clipboard');
  assert.equal(await activeTestId(alice), 'menu-button', 'focus back on the menu button');
  await h.screenshot(alice, 'menu-link-copied-desktop');
  await copied.waitFor({ state: 'detached', timeout: 8000 });

  // "Copy a link to call me": the same room, and this page's name.
  await T(alice, 'menu-button').click();
  await T(alice, 'menu-copy-call-me-link').click();
  await copied.waitFor({ timeout: 5000 });
  assert.equal(await copied.getAttribute('data-link'), `${env.server.url}/?room=team%20blue&call=Alice`);
  await alice.context().close();

  // A browser that refuses the clipboard: the link is shown, selected, to copy by hand.
  const bob = await h.openApp(env.browser, env.server, 'Bob', {
    query: '&room=refused',
    beforeLoad: (page) => page.addInitScript(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    }),
  });
  await T(bob, 'menu-button').click();
  await T(bob, 'menu-copy-room-link').click();
  await T(bob, 'link-copy-fallback').waitFor({ timeout: 5000 });
  assert.equal(await T(bob, 'share-link-text').inputValue(), `${env.server.url}/?room=refused`);
  await bob.waitForFunction(() => document.activeElement?.dataset?.testid === 'share-link-text', null, { timeout: 3000 });
  const selection = await bob.evaluate(() => {
    const field = document.activeElement;
    return field.selectionEnd - field.selectionStart === field.value.length;
  });
  assert.ok(selection, 'the whole link is selected');
  assert.equal(await T(bob, 'link-copied').count(), 0, 'never "Copied" when it was not');
  await h.screenshot(bob, 'menu-link-copy-fallback-desktop');
  await bob.keyboard.press('Escape');
  await T(bob, 'link-copy-fallback').waitFor({ state: 'detached', timeout: 2000 });
  assert.equal(await activeTestId(bob), 'menu-button');
  await bob.context().close();
});

test('Stream call audio is a dialog from the menu (focus in, Escape out), not in Devices; Telephony is reached from the menu', { timeout: 60000 }, async () => {
  const alice = await h.openApp(env.browser, env.server, 'Alice', { query: '&room=operator' });
  await alice.click('[data-testid="tab-devices"]');
  await T(alice, 'mic-select').waitFor();
  assert.equal(await T(alice, 'audio-stream-url-input').count(), 0, 'the sink URL left the Devices tab');

  await T(alice, 'menu-button').click();
  await T(alice, 'menu-stream-audio').click();
  const dialog = T(alice, 'stream-audio-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('role'), 'dialog');
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  await alice.waitForFunction(() => document.activeElement?.dataset?.testid === 'audio-stream-url-input', null, { timeout: 3000 });
  // Tab stays in the dialog: URL, channels, Done, and round again.
  for (const expected of ['audio-stream-channels-select', 'stream-audio-done', 'audio-stream-url-input']) {
    await alice.keyboard.press('Tab');
    assert.equal(await activeTestId(alice), expected);
  }
  await h.screenshot(alice, 'menu-stream-dialog-desktop');
  await alice.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: 2000 });
  assert.equal(await activeTestId(alice), 'menu-button', 'focus back on the menu button');

  await T(alice, 'menu-button').click();
  await T(alice, 'telephony-link').click();
  await T(alice, 'telephony-page').waitFor({ timeout: 10000 });
  await alice.context().close();
});

test("a person's row copies a link to call them; the link offers 'Call Bob' once Bob is online and never dials by itself", { timeout: 90000 }, async () => {
  const carol = await h.openApp(env.browser, env.server, 'Carol', { query: '&room=links' });
  await allowClipboard(carol);
  const bob = await h.openApp(env.browser, env.server, 'Bob', { query: '&room=links' });
  await h.waitForPeer(carol, bob);
  await h.peerRow(carol, bob).locator('[data-testid="copy-call-link-button"]').click();
  await T(carol, 'link-copied').waitFor({ timeout: 5000 });
  const link = await T(carol, 'link-copied').getAttribute('data-link');
  assert.equal(link, `${env.server.url}/?room=links&call=Bob`);
  assert.match(await T(carol, 'link-copied').innerText(), /Link to call Bob copied/);
  await bob.context().close();

  // Alice opens the link before Bob is back: she waits, nothing rings anywhere.
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  const alice = await context.newPage();
  await alice.goto(`${link}&name=Alice`);
  await h.waitOnline(alice);
  const prompt = T(alice, 'call-link-prompt');
  await prompt.waitFor();
  assert.equal(await prompt.getAttribute('data-state'), 'waiting');
  assert.match(await T(alice, 'call-link-status').innerText(), /Waiting for Bob/);
  await h.screenshot(alice, 'call-link-waiting-phone-light');

  const bobAgain = await h.openApp(env.browser, env.server, 'Bob', { query: '&room=links' });
  await alice.locator('[data-testid="call-link-prompt"][data-state="ready"]').waitFor({ timeout: 10000 });
  const callButton = T(alice, 'call-link-call-button');
  assert.match(await callButton.innerText(), /Call Bob/);
  await insideViewport(alice, callButton, 'Call Bob');
  await noHorizontalOverflow(alice, 'phone with the prompt');
  await alice.emulateMedia({ colorScheme: 'dark' });
  await h.screenshot(alice, 'call-link-ready-phone-dark');
  await alice.emulateMedia({ colorScheme: 'light' });
  // Never by itself: a moment later nobody is calling anybody.
  await alice.waitForTimeout(1500);
  assert.equal(await alice.locator('[data-testid="call-state"]').count(), 0, 'no call placed by opening the link');
  assert.equal(await T(bobAgain, 'incoming-call').count(), 0, 'Bob is not rung');

  await callButton.click();
  await T(bobAgain, 'incoming-call').waitFor({ timeout: 10000 });
  assert.match(await T(bobAgain, 'incoming-call').getAttribute('aria-label'), /Incoming audio call from Alice/);
  assert.equal(await prompt.count(), 0, 'the offer is used up');
  await bobAgain.click('[data-testid="reject-button"]');
  await context.close();
  await bobAgain.context().close();
  await carol.context().close();
});

for (const [width, height, label] of [[320, 640, '320'], [390, 844, 'phone'], [1280, 800, 'desktop']]) {
  test(`the menu fits at ${width} px, light and dark`, { timeout: 60000 }, async () => {
    const page = await h.openApp(env.browser, env.server, 'Alexandra', { query: '&room=fit', viewport: { width, height } });
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await insideViewport(page, T(page, 'menu-button'), `menu button (${scheme})`);
      await T(page, 'menu-button').click();
      await T(page, 'menu').waitFor();
      await insideViewport(page, T(page, 'menu'), `menu panel (${scheme})`);
      for (const id of ['menu-copy-room-link', 'menu-stream-audio', 'telephony-link']) {
        const box = await T(page, id).boundingBox();
        assert.ok(box.height >= 44, `${id} is a 44 px target (${box.height})`);
      }
      await noHorizontalOverflow(page, `${label} ${scheme} with the menu open`);
      await h.screenshot(page, `menu-open-${label}-${scheme}`);
      await T(page, 'menu-stream-audio').click();
      await T(page, 'stream-audio-dialog').waitFor();
      await insideViewport(page, T(page, 'stream-audio-done'), `Done (${scheme})`);
      await h.screenshot(page, `menu-stream-dialog-${label}-${scheme}`);
      await page.keyboard.press('Escape');
      await T(page, 'stream-audio-dialog').waitFor({ state: 'detached' });
    }
    await page.context().close();
  });
}
