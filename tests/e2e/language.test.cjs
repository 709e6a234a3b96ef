// The page in the reader's language (issue #13): a German browser gets German (and
// <html lang="de">), the picker switches to Spanish at once and the choice survives a reload, and
// a call between a German and an English page works with each side reading its own language.
'use strict';

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const cleanup = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

async function env() {
  const server = await h.startServer();
  cleanup.push(server.stop);
  const browser = await h.launchBrowser();
  cleanup.push(() => browser.close());
  return { server, browser };
}

const text = (page, testid) => page.locator(`[data-testid="${testid}"]`).first().textContent();
const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);

test('a German browser gets German; the picker switches to Spanish at once and it stays after a reload', { timeout: 60000 }, async () => {
  const { server, browser } = await env();
  const anna = await h.openApp(browser, server, 'Anna', { query: '&room=lang-de', locale: 'de-DE' });
  assert.equal(await htmlLang(anna), 'de');
  assert.equal((await text(anna, 'tab-people')).trim(), 'Personen');
  assert.equal((await text(anna, 'tab-history')).trim(), 'Verlauf');
  assert.match(await text(anna, 'peer-list-empty'), /^Noch ist niemand sonst hier\./);
  assert.match(await anna.getAttribute('[data-testid="theme-toggle"]', 'aria-label'), /Design wechseln$/);
  await h.screenshot(anna, 'language-de-people');

  await anna.click('[data-testid="tab-devices"]');
  // The language is in the ⋯ menu (it is not a device).
  assert.equal(await anna.locator('.devices [data-testid="language-picker"]').count(), 0);
  await anna.click('[data-testid="menu-button"]');
  const picker = anna.locator('[data-testid="language-picker"]');
  assert.equal(await picker.inputValue(), 'de');
  // Each language under its own name, and the label says what the control is.
  assert.deepEqual(await picker.locator('option').allTextContents(), ['English', 'Deutsch', 'Español']);
  assert.equal(await anna.getByLabel('Sprache').getAttribute('data-testid'), 'language-picker');
  assert.equal((await text(anna, 'mic-check-button')).trim(), 'Mikrofon testen');
  await h.screenshot(anna, 'language-de-devices');

  // Spanish at once: no reload, the same page, and the label follows.
  const marker = await anna.evaluate(() => (window.__samePage = Math.random()));
  await picker.selectOption('es');
  await anna.waitForFunction(() => document.documentElement.lang === 'es', null, { timeout: 2000 });
  assert.equal((await text(anna, 'tab-people')).trim(), 'Personas');
  assert.equal((await text(anna, 'tab-devices')).trim(), 'Ajustes');
  assert.equal((await text(anna, 'mic-check-button')).trim(), 'Probar el micrófono');
  assert.equal(await anna.getByLabel('Idioma').getAttribute('data-testid'), 'language-picker');
  await anna.keyboard.press('Escape');
  await anna.waitForSelector('[data-testid="menu-button"][aria-expanded="false"]');
  assert.equal(await anna.evaluate(() => window.__samePage), marker, 'switched without a reload');
  // Every tab's name fits in the panel at desktop width (Spanish runs longer than English).
  const tabs = await anna.evaluate(() => {
    const list = document.querySelector('[role="tablist"]').getBoundingClientRect();
    return [...document.querySelectorAll('[role="tab"]')].map((t) => {
      const r = t.getBoundingClientRect();
      return { name: t.textContent.trim(), inside: r.left >= list.left - 0.5 && r.right <= list.right + 0.5 };
    });
  });
  assert.ok(tabs.every((t) => t.inside), `every tab inside the tab list: ${JSON.stringify(tabs)}`);
  await h.screenshot(anna, 'language-es-devices');
  await anna.click('[data-testid="theme-toggle"]');
  await h.screenshot(anna, 'language-es-devices-dark');
  await anna.click('[data-testid="theme-toggle"]');

  // Remembered on this device, over the browser's German.
  await h.reload(anna);
  assert.equal(await htmlLang(anna), 'es');
  assert.equal((await text(anna, 'tab-people')).trim(), 'Personas');
  assert.match(await text(anna, 'peer-list-empty'), /^Todavía no hay nadie más aquí\./);

  // At phone size, in the dark theme, the longer Spanish labels still fit.
  await anna.setViewportSize({ width: 390, height: 844 });
  await anna.click('[data-testid="theme-toggle"]');
  const overflow = await anna.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal overflow at 390 px in Spanish (${overflow} px)`);
  await h.screenshot(anna, 'language-es-phone-dark');
  assert.deepEqual(anna.__errors || [], []);

  // A link (or a site embedding the widget) can ask for a language: ?lang= wins over the browser's.
  const carla = await h.openApp(browser, server, 'Carla', { query: '&room=lang-de&lang=es', locale: 'de-DE' });
  assert.equal(await htmlLang(carla), 'es');
  assert.equal((await text(carla, 'tab-people')).trim(), 'Personas');
});

test('an English page calls a German one: the call works and each side reads its own language', { timeout: 90000 }, async () => {
  const { server, browser } = await env();
  const bob = await h.openApp(browser, server, 'Bob', { query: '&room=lang-call' });
  // The German side on a phone: the longer labels must still fit the call's screen.
  const anna = await h.openApp(browser, server, 'Anna', { query: '&room=lang-call', locale: 'de-DE', viewport: { width: 390, height: 844 } });
  assert.equal(await htmlLang(bob), 'en');
  assert.equal(await htmlLang(anna), 'de');

  await h.waitForPeer(bob, anna);
  assert.equal(await h.peerRow(bob, anna).locator('[data-testid="call-audio-button"]').getAttribute('aria-label'), 'Audio call Anna');
  await h.peerRow(bob, anna).locator('[data-testid="call-audio-button"]').click();
  const dialog = anna.locator('[data-testid="incoming-call"]');
  await dialog.waitFor({ timeout: 10000 });
  assert.equal(await dialog.getAttribute('aria-label'), 'Eingehender Audioanruf von Bob');
  assert.equal((await text(anna, 'accept-button')).trim(), 'Annehmen');
  assert.equal((await text(anna, 'reject-button')).trim(), 'Ablehnen');
  await h.screenshot(anna, 'language-de-incoming-phone');
  await anna.click('[data-testid="accept-button"]');
  await h.waitForCallState(bob, 'connected');
  await h.waitForCallState(anna, 'connected');
  await h.assertAudioFlows(anna, 'German callee hears');
  await h.assertAudioFlows(bob, 'English caller hears');
  const overflow = await anna.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal overflow in a German call at 390 px (${overflow} px)`);
  await h.screenshot(anna, 'language-de-in-call-phone');

  await bob.click('[data-testid="hangup-button"]');
  assert.equal(await h.endReason(anna), 'REMOTE_HUNG_UP');
  assert.equal(await h.endReason(bob), 'HUNG_UP');
  assert.equal((await text(anna, 'call-end-reason')).trim(), 'Bob hat aufgelegt.');
  assert.equal((await text(bob, 'call-end-reason')).trim(), 'You ended the call.');
  await h.screenshot(anna, 'language-de-ended-phone');

  // The call history says why in each reader's language too, in the ended screen's words.
  await anna.click('[data-testid="dismiss-call-button"]');
  await anna.click('[data-testid="tab-history"]');
  assert.equal(await anna.locator('[data-testid="history-item"] .history-text').first().getAttribute('title'), 'Bob hat aufgelegt.');
  await bob.click('[data-testid="dismiss-call-button"]');
  await bob.click('[data-testid="tab-history"]');
  assert.equal(await bob.locator('[data-testid="history-item"] .history-text').first().getAttribute('title'), 'You ended the call.');
  assert.deepEqual(anna.__errors || [], []);
  assert.deepEqual(bob.__errors || [], []);
});

/** Each tab: whole inside the tab list, and its name not cut short. */
const tabFit = (page) => page.evaluate(() => {
  const list = document.querySelector('[role="tablist"]').getBoundingClientRect();
  return [...document.querySelectorAll('[role="tab"]')].map((t) => {
    const r = t.getBoundingClientRect();
    const label = t.querySelector('.tab-label');
    return {
      name: t.textContent.trim(),
      inside: r.left >= list.left - 0.5 && r.right <= list.right + 0.5,
      whole: label.scrollWidth <= label.clientWidth,
    };
  });
});

test('with unread chat showing, the four tabs fit whole in every language, from a 320 px phone to the desktop', { timeout: 120000 }, async () => {
  const { server, browser } = await env();
  const bob = await h.openApp(browser, server, 'Bob', { query: '&room=lang-tabs' });
  const readers = [];
  for (const locale of ['de-DE', 'es-ES', 'en-US']) {
    readers.push(await h.openApp(browser, server, `Anna-${locale}`, { query: '&room=lang-tabs', locale, viewport: { width: 320, height: 700 } }));
  }
  // Ten lines: more than the badge counts one by one ("9+").
  await bob.click('[data-testid="tab-chat"]');
  for (let n = 1; n <= 10; n += 1) {
    await bob.fill('[data-testid="chat-input"]', `line ${n}`);
    await bob.click('[data-testid="chat-send-button"]');
  }
  for (const [i, page] of readers.entries()) {
    const locale = ['de', 'es', 'en'][i];
    await page.waitForFunction(() => document.querySelector('[data-testid="chat-unread"]')?.textContent === '9+', null, { timeout: 10000 });
    for (const width of [320, 390, 1280]) {
      await page.setViewportSize({ width, height: width > 760 ? 800 : 700 });
      const tabs = await tabFit(page);
      assert.ok(tabs.every((t) => t.inside && t.whole), `${locale} at ${width} px: every tab whole inside the list: ${JSON.stringify(tabs)}`);
    }
    await page.setViewportSize({ width: 320, height: 700 });
    // Each person's "Copy link" stays one line inside the name column.
    const links = await page.$$eval('.peer .peer-link', (all) => all.map((link) => {
      const r = link.getBoundingClientRect();
      const column = link.closest('.peer-text').getBoundingClientRect();
      return { text: link.textContent.trim(), oneLine: r.height <= 26, inside: r.right <= column.right + 0.5 };
    }));
    assert.ok(links.length === 3 && links.every((l) => l.oneLine && l.inside), `${locale} at 320 px: ${JSON.stringify(links)}`);
    if (locale === 'de') await page.click('[data-testid="theme-toggle"]');
    await h.screenshot(page, `language-${locale}-tabs-unread-320${locale === 'de' ? '-dark' : ''}`);
    assert.deepEqual(page.__errors || [], []);
  }
  // Read: the badge goes, and the count starts again from the next line.
  await readers[2].click('[data-testid="tab-chat"]');
  await readers[2].waitForSelector('[data-testid="chat-unread"]', { state: 'detached' });
  await readers[2].click('[data-testid="tab-people"]');
  await bob.fill('[data-testid="chat-input"]', 'one more');
  await bob.click('[data-testid="chat-send-button"]');
  await readers[2].waitForFunction(() => document.querySelector('[data-testid="chat-unread"]')?.textContent === '1', null, { timeout: 10000 });
});
