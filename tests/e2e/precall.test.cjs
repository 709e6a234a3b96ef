// First run and the pre-call check (issue #13 items 8 and 12): a first visit without ?name= is
// welcomed (pick a name, then check camera, microphone and speaker), once; nothing opens the
// camera or microphone before the person asks; the preview shows live video, the meter moves,
// the speaker test really plays; the processing switches change the live track's settings (in
// the check and mid-call) and are remembered. At 1280×800 and 390×844, light and dark.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();
const T = (page, id) => page.locator(`[data-testid="${id}"]`);

// Records every getUserMedia call and the streams it returned (the real API, only observed).
const WATCH_CAPTURE = () => {
  const devices = navigator.mediaDevices;
  const real = devices.getUserMedia.bind(devices);
  window.__captures = [];
  devices.getUserMedia = async (constraints) => {
    const stream = await real(constraints);
    window.__captures.push(stream);
    return stream;
  };
};

const captures = (page) => page.evaluate(() => window.__captures.length);
const liveTracks = (page) => page.evaluate(() =>
  window.__captures.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length);

/** A fresh profile (no ?name=) at `viewport` in `theme`. */
async function firstVisit(viewport, theme) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => { page.__errors = (page.__errors || []).concat(String(error)); });
  await page.addInitScript(h.RECORD_PEER_CONNECTIONS);
  await page.addInitScript(WATCH_CAPTURE);
  await page.goto(`${env.server.url}/?theme=${theme}`);
  await h.waitOnline(page);
  page.__peerId = await page.getAttribute('[data-testid="self-id"]', 'data-peer-id');
  return page;
}

/** The page is no wider than its viewport. */
async function assertNoOverflow(page, label) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `${label}: page ${scroll}px wide in a ${width}px viewport`);
}

const PRECALL_VIDEO = '[data-testid="precall-video"]';

async function assertPreviewLive(page) {
  await page.waitForFunction((sel) => document.querySelector(sel)?.videoWidth > 0, PRECALL_VIDEO, { timeout: 10000 });
  const frames = () => page.$eval(PRECALL_VIDEO, (v) => v.getVideoPlaybackQuality().totalVideoFrames);
  const first = await frames();
  await page.waitForTimeout(600);
  const later = await frames();
  assert.ok(later > first, `the preview's frames advance: ${first} -> ${later}`);
}

/** The chime really plays: the element runs and its sound has energy (an AnalyserNode on it). */
async function assertChimePlays(page) {
  await T(page, 'speaker-test-button').click();
  await page.waitForSelector('[data-testid="speaker-test"][data-state="playing"]');
  const heard = await page.evaluate(async () => {
    const audio = document.querySelector('[data-testid="speaker-test-audio"]');
    for (let i = 0; i < 40 && !audio.srcObject; i++) await new Promise((r) => setTimeout(r, 25));
    const t0 = audio.currentTime;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(audio.srcObject).connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    let peak = 0;
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 50));
      analyser.getFloatTimeDomainData(data);
      for (const x of data) peak = Math.max(peak, Math.abs(x));
    }
    await context.close();
    return { paused: audio.paused, advanced: audio.currentTime - t0, peak, sinkId: audio.sinkId };
  });
  assert.equal(heard.paused, false, 'the chime element plays');
  assert.ok(heard.advanced > 0.2, `its time advances: ${heard.advanced}`);
  assert.ok(heard.peak > 0.05, `the chime has sound: peak ${heard.peak}`);
  await T(page, 'speaker-heard-yes').waitFor({ timeout: 5000 });
  return heard;
}

/** The check's (or the call's) live microphone reports these settings. */
function micSettings(page, where) {
  return page.evaluate((where) => {
    const track = where === 'call'
      ? window.__peerConnections.at(-1).getSenders().find((s) => s.track && s.track.kind === 'audio').track
      : document.querySelector('[data-testid="precall-video"]').srcObject.getAudioTracks()[0];
    const s = track.getSettings();
    return { ns: s.noiseSuppression, ec: s.echoCancellation, ag: s.autoGainControl, state: track.readyState };
  }, where);
}

async function flip(page, id, expected) {
  await T(page, id).click();
  await page.waitForSelector(`[data-testid="${id}"][aria-checked="${expected}"][data-pending="false"]`, { timeout: 10000 });
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  for (const theme of ['light', 'dark']) {
    const size = `${viewport.width}x${viewport.height}`;
    test(`first run and pre-call check at ${size}, ${theme}`, { timeout: 90000 }, async () => {
      const started = Date.now();
      const bob = await h.openApp(env.browser, env.server, 'Bob', { viewport });
      assert.equal(await T(bob, 'first-run').count(), 0, 'a ?name= link goes straight to the app');
      const page = await firstVisit(viewport, theme);

      // The welcome: the made-up name, ready to change; nothing captured yet.
      await page.waitForSelector('[data-testid="first-run"][data-step="name"]');
      assert.match(await T(page, 'first-run-name-input').inputValue(), /^Guest \d{4}$/);
      assert.equal(await captures(page), 0, 'no camera or microphone on page load');
      await assertNoOverflow(page, 'welcome');
      await h.screenshot(page, `precall-welcome-${size}-${theme}`);

      const name = `Dana ${viewport.width} ${theme}`;
      await T(page, 'first-run-name-input').fill(name);
      await T(page, 'first-run-continue').click();
      await page.waitForSelector('[data-testid="first-run"][data-step="check"]');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'welcome-title', 'focus follows to the check');
      await h.waitForPeer(bob, page);
      await h.peerRow(bob, page).locator('[data-testid="peer-name"]', { hasText: name }).waitFor({ timeout: 5000 });
      assert.equal(await captures(page), 0, 'the check opens nothing until asked');
      await h.screenshot(page, `precall-check-off-${size}-${theme}`);

      // The person asks: live preview, a moving meter.
      await T(page, 'precall-start-button').click();
      await assertPreviewLive(page);
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="precall-level"]')?.dataset.level) > 0.001,
        null, { timeout: 10000 });
      const levels = new Set();
      for (let i = 0; i < 10; i++) {
        levels.add(await T(page, 'precall-level').getAttribute('data-level'));
        await page.waitForTimeout(100);
      }
      assert.ok(levels.size > 1, `the meter moves: ${[...levels]}`);

      // The speaker test plays to the chosen output.
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="precall-output-select"] option').length > 2);
      const output = await page.$$eval('[data-testid="precall-output-select"] option', (os) => os.map((o) => o.value).filter((v) => v && v !== 'default').at(-1));
      await page.selectOption('[data-testid="precall-output-select"]', output);
      const chime = await assertChimePlays(page);
      assert.equal(chime.sinkId, output, 'the chime plays through the chosen speaker');
      await h.screenshot(page, `precall-check-live-${size}-${theme}`);
      await T(page, 'speaker-heard-yes').click();
      await page.waitForSelector('[data-testid="speaker-test"][data-state="heard"]');

      // Processing: the switch shows what the live track does after the change.
      assert.deepEqual(await micSettings(page, 'check'), { ns: true, ec: true, ag: true, state: 'live' });
      await flip(page, 'processing-noise-suppression', 'false');
      await flip(page, 'processing-auto-gain', 'false');
      assert.deepEqual(await micSettings(page, 'check'), { ns: false, ec: true, ag: false, state: 'live' });
      await assertPreviewLive(page);
      await assertNoOverflow(page, 'check');
      await h.screenshot(page, `precall-processing-${size}-${theme}`);

      // Done: the devices are let go.
      await T(page, 'first-run-done').click();
      await page.waitForSelector('[data-testid="first-run"]', { state: 'detached' });
      await page.waitForFunction(() => window.__captures.flatMap((s) => s.getTracks()).every((t) => t.readyState === 'ended'));

      // Remembered: no welcome again, the name and the switches stay; still nothing captured.
      await h.reload(page);
      assert.equal(await T(page, 'first-run').count(), 0, 'shown once');
      assert.equal(await T(page, 'self-name').textContent(), name);
      await T(page, 'tab-devices').click();
      assert.equal(await T(page, 'processing-noise-suppression').getAttribute('aria-checked'), 'false');
      assert.equal(await T(page, 'processing-echo-cancellation').getAttribute('aria-checked'), 'true');
      assert.equal(await T(page, 'processing-auto-gain').getAttribute('aria-checked'), 'false');
      assert.equal(await captures(page), 0, 'nothing opened after the reload');
      // The check is reachable from Devices.
      await T(page, 'precall-open-button').click();
      await page.waitForSelector('[data-testid="first-run"][data-step="check"]');
      assert.equal(await T(page, 'first-run-progress').count(), 0, 'not a step of the first run any more');
      await T(page, 'precall-start-button').click();
      await assertPreviewLive(page);
      assert.deepEqual(await micSettings(page, 'check'), { ns: false, ec: true, ag: false, state: 'live' },
        'a new capture asks for the remembered processing');
      await h.screenshot(page, `precall-from-devices-${size}-${theme}`);
      assert.deepEqual(page.__errors || [], []);
      for (const p of [page, bob]) await p.context().close();
      console.log(`# ${size} ${theme}: ${Date.now() - started} ms`);
    });
  }
}

test('an incoming call wins over the check, which lets go of the devices; switches apply mid-call', { timeout: 90000 }, async () => {
  const bob = await h.openApp(env.browser, env.server, 'Bob');
  const page = await firstVisit({ width: 1280, height: 800 }, 'light');
  await T(page, 'first-run-continue').click();
  await T(page, 'precall-start-button').click();
  await assertPreviewLive(page);
  await page.evaluate((sel) => { window.__checkStream = document.querySelector(sel).srcObject; }, PRECALL_VIDEO);

  await h.waitForPeer(bob, page);
  await h.peerRow(bob, page).locator('[data-testid="call-audio-button"]').click();
  await T(page, 'accept-button').waitFor({ timeout: 10000 });
  await page.waitForSelector('[data-testid="first-run"]', { state: 'detached' });
  await page.waitForFunction(() => window.__checkStream.getTracks().every((t) => t.readyState === 'ended'), null, { timeout: 5000 });
  await T(page, 'accept-button').click();
  await h.waitForCallState(page, 'connected');
  await h.waitForCallState(bob, 'connected');

  // Mid-call: echo cancellation off, the sent track really changes, audio keeps flowing.
  assert.equal((await micSettings(page, 'call')).ec, true);
  await T(page, 'drawer-button').click();
  await T(page, 'tab-devices').click();
  await flip(page, 'processing-echo-cancellation', 'false');
  const settings = await micSettings(page, 'call');
  assert.equal(settings.ec, false, `the sent track: ${JSON.stringify(settings)}`);
  assert.equal(settings.state, 'live');
  await h.assertAudioFlows(bob, 'after the processing change');
  await flip(page, 'processing-echo-cancellation', 'true');
  assert.equal((await micSettings(page, 'call')).ec, true);
  await h.assertAudioFlows(bob, 'after switching it back');
  // The fresh capture the change needs fails (another app took the microphone that moment):
  // the old one is stopped by then, so the call's microphone is lost, and it is reopened and
  // said (MIC_REOPENED), never left silent behind a "kept what it had".
  await page.evaluate(() => {
    const devices = navigator.mediaDevices;
    const original = devices.getUserMedia.bind(devices);
    let failures = 1;
    devices.getUserMedia = (c) => (failures-- > 0 ? Promise.reject(new DOMException('busy', 'NotReadableError')) : original(c));
  });
  await T(page, 'processing-echo-cancellation').click();
  await page.waitForSelector('[data-testid="error-banner"][data-code="MIC_REOPENED"]', { timeout: 10000 });
  assert.equal((await micSettings(page, 'call')).state, 'live');
  await h.assertAudioFlows(bob, 'after a processing change whose capture failed');
  await h.screenshot(page, 'precall-processing-in-call');
  assert.equal(await liveTracks(page) > 0, true);
  for (const p of [page, bob]) await p.context().close();
});

test('a test sound the browser never starts fails with its code in bounded time, then plays again', { timeout: 60000 }, async () => {
  // The browser's play() does not settle, once, for the test's element: before, "Playing…" and a
  // disabled button stayed for good. As a browser does, it is rejected (AbortError) once the
  // element is given another stream: the abandoned attempt must not stop the next one's sound.
  const holdFirstPlay = () => {
    const play = HTMLMediaElement.prototype.play;
    let held = 0;
    HTMLMediaElement.prototype.play = function () {
      if (this.dataset.testid !== 'speaker-test-audio' || held++ > 0) return play.call(this);
      const element = this;
      const stream = this.srcObject;
      return new Promise((_, reject) => {
        const watch = setInterval(() => {
          if (element.srcObject === stream) return;
          clearInterval(watch);
          reject(new DOMException('The play() request was interrupted by a new load request.', 'AbortError'));
        }, 20);
      });
    };
  };
  for (const [viewport, theme] of [[{ width: 1280, height: 800 }, 'light'], [{ width: 390, height: 844 }, 'dark']]) {
    const page = await h.openApp(env.browser, env.server, 'Erin', { viewport, beforeLoad: (p) => p.addInitScript(holdFirstPlay) });
    if (theme === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
    await T(page, 'tab-devices').click();
    await T(page, 'precall-open-button').click();
    await T(page, 'speaker-test-button').click();
    await page.waitForSelector('[data-testid="speaker-test"][data-state="playing"]');
    const started = Date.now();
    await page.waitForSelector('[data-testid="speaker-test"][data-state="failed"]', { timeout: 8000 });
    const waited = Date.now() - started;
    assert.ok(waited >= 2000 && waited < 6000, `given up after the machine's limit: ${waited} ms`);
    const note = T(page, 'speaker-test-note');
    assert.equal(await note.getAttribute('data-code'), 'SPEAKER_TEST_FAILED');
    assert.equal(await note.getAttribute('data-reason'), 'Timeout');
    assert.match(await note.textContent(), /SPEAKER_TEST_FAILED/);
    assert.equal(await T(page, 'speaker-test-button').isEnabled(), true, 'the button works again');
    await assertNoOverflow(page, 'speaker test failed');
    await h.screenshot(page, `speaker-test-timeout-${viewport.width}-${theme}`);
    // Asked again, it plays and asks; the failure's line is gone.
    await assertChimePlays(page);
    assert.equal(await T(page, 'speaker-test-note').count(), 0);
    await T(page, 'speaker-heard-no').click();
    await page.waitForSelector('[data-testid="speaker-test"][data-state="not-heard"]');
    assert.deepEqual(page.__errors || [], []);
    await page.context().close();
  }
});

test('the embed widget never shows the welcome', { timeout: 30000 }, async () => {
  const context = await env.browser.newContext({ viewport: { width: 400, height: 600 } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/?mode=embed`);
  await page.waitForSelector('[data-testid="app"][data-mode="embed"]');
  await h.waitOnline(page);
  assert.equal(await T(page, 'first-run').count(), 0);
  await context.close();
});
