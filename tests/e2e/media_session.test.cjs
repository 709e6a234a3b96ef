// The browser's own call controls (Media Session): while a call is on, the picture-in-picture
// window's mute, camera and hang-up buttons and a phone's media notification act on the call.
// The browser calls the handlers the page set when its buttons are pressed; a headless browser
// has no such window, so the test calls each handler the page gave the browser, as the browser
// would, and checks what the call really did (the peer's view, the tracks).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

// Keeps what the page gives the browser's Media Session: the handlers by action (null once
// taken away), and each microphone and camera state it shows. The real methods run.
const WATCH_SESSION = () => {
  const proto = window.MediaSession && MediaSession.prototype;
  if (!proto) return;
  window.__session = { handlers: {}, mic: [], camera: [] };
  const setHandler = proto.setActionHandler;
  proto.setActionHandler = function (action, handler) {
    const taken = setHandler.call(this, action, handler);
    window.__session.handlers[action] = handler;
    return taken;
  };
  for (const [method, list] of [['setMicrophoneActive', 'mic'], ['setCameraActive', 'camera']]) {
    const real = proto[method];
    if (!real) continue;
    proto[method] = function (active) {
      window.__session[list].push(active);
      return real.call(this, active);
    };
  }
};

// The actions that have a handler now (one taken away is null).
const handlers = (page) => page.evaluate(() => Object.fromEntries(
  Object.entries(window.__session.handlers).filter(([, handler]) => handler !== null).map(([action, handler]) => [action, typeof handler]),
));
const press = (page, action) => page.evaluate((action) => window.__session.handlers[action](), action);

test('in a video call the browser controls mute, turn the camera off and hang up; they go with the call', { timeout: 90000 }, async () => {
  const { alice, bob } = await h.connectedCall(env, { media: 'video', beforeLoad: (page) => page.addInitScript(WATCH_SESSION) });
  assert.deepEqual(await handlers(bob), { hangup: 'function', togglemicrophone: 'function', togglecamera: 'function' });
  assert.equal(await bob.evaluate(() => navigator.mediaSession.metadata && navigator.mediaSession.metadata.title), 'Call with Alice');
  assert.equal(await bob.evaluate(() => window.__session.mic.at(-1)), true);
  assert.equal(await bob.evaluate(() => window.__session.camera.at(-1)), true);

  await press(bob, 'togglemicrophone');
  await bob.waitForSelector('[data-testid="mute-button"][data-enabled="false"][data-pending="false"]');
  await alice.waitForSelector('[data-testid="remote-mic-state"][data-muted="true"]', { state: 'attached', timeout: 5000 });
  await bob.waitForFunction(() => window.__session.mic.at(-1) === false);
  await press(bob, 'togglemicrophone');
  await alice.waitForSelector('[data-testid="remote-mic-state"][data-muted="false"]', { state: 'attached', timeout: 5000 });
  await bob.waitForFunction(() => window.__session.mic.at(-1) === true);

  await press(bob, 'togglecamera');
  await alice.waitForSelector('[data-testid="remote-camera-off"]', { timeout: 5000 });
  await bob.waitForFunction(() => window.__session.camera.at(-1) === false);

  await press(bob, 'hangup');
  assert.equal(await h.endReason(alice), 'REMOTE_HUNG_UP');
  assert.equal(await h.endReason(bob), 'HUNG_UP');
  await bob.waitForFunction(() => Object.values(window.__session.handlers).every((handler) => handler === null));
  assert.equal(await bob.evaluate(() => navigator.mediaSession.metadata), null, 'the notification no longer names a call');
  assert.deepEqual([...(alice.__errors || []), ...(bob.__errors || [])], []);
  for (const page of [alice, bob]) await page.context().close();
});

test('in an audio call there is no camera control; the caller can cancel from it while it rings; the next call, a video one, has its own', { timeout: 90000 }, async () => {
  const alice = await h.openApp(env.browser, env.server, 'Alice', { beforeLoad: (page) => page.addInitScript(WATCH_SESSION) });
  const bob = await h.openApp(env.browser, env.server, 'Bob', { beforeLoad: (page) => page.addInitScript(WATCH_SESSION) });
  await h.waitForPeer(alice, bob);
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.locator('[data-testid="accept-button"]').waitFor();
  await alice.waitForFunction(() => typeof window.__session.handlers.hangup === 'function');
  assert.deepEqual(await handlers(alice), { hangup: 'function', togglemicrophone: 'function' });
  assert.deepEqual(await handlers(bob), {}, 'a call ringing in is answered in the page, not from these');
  await press(alice, 'hangup');
  assert.equal(await h.endReason(alice), 'CANCELLED');
  await bob.locator('[data-testid="accept-button"]').waitFor({ state: 'detached', timeout: 5000 });
  await alice.waitForFunction(() => Object.values(window.__session.handlers).every((handler) => handler === null));
  assert.equal(await alice.evaluate(() => navigator.mediaSession.metadata), null);

  // Alice closes the summary and calls again, with video: the controls are set anew, camera too.
  await alice.click('[data-testid="dismiss-call-button"]');
  await h.peerRow(alice, bob).locator('[data-testid="call-video-button"]').click();
  await bob.click('[data-testid="accept-button"]');
  await h.waitForCallState(alice, 'connected');
  assert.deepEqual(await handlers(alice), { hangup: 'function', togglemicrophone: 'function', togglecamera: 'function' });
  assert.deepEqual(await handlers(bob), { hangup: 'function', togglemicrophone: 'function', togglecamera: 'function' }, 'accepted: now Bob has them');
  assert.equal(await bob.evaluate(() => navigator.mediaSession.metadata.title), 'Call with Alice');
  await press(alice, 'hangup');
  assert.equal(await h.endReason(bob), 'REMOTE_HUNG_UP');
  for (const page of [alice, bob]) await page.context().close();
});
