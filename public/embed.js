/*! Dialtone embed loader: <dialtone-call> and Dialtone.mount(element, options).
 * The call itself runs in an iframe served by the Dialtone server; this file creates it, or adopts
 * the one the site's markup already holds, and speaks the postMessage API (specs/embed.md):
 * commands return Promises, events arrive as DOM CustomEvents ("dialtone:<name>") and through
 * on(name, callback). */
(function () {
  'use strict';
  if (window.Dialtone) return;

  var VERSION = 1;
  var COMMAND_TIMEOUT_MS = 15000;
  // Commands a site may queue before the widget is ready (a loop must not grow it without end).
  var MAX_QUEUED = 64;
  var ATTRIBUTES = ['room', 'name', 'media', 'theme', 'lang'];
  var ALLOW = 'microphone; camera; display-capture; autoplay; speaker-selection; screen-wake-lock';

  function scriptServer() {
    var script = document.currentScript;
    return script && script.src ? new URL(script.src).origin : location.origin;
  }
  var DEFAULT_SERVER = scriptServer();

  /**
   * The widget's iframe already in `element` (the site's own markup), if any: one to the server's
   * origin in embed mode. It started loading with the site's page instead of after this file,
   * which saves a whole round trip on a slow link.
   */
  function frameIn(element, server) {
    var frames = element.tagName === 'IFRAME' ? [element] : element.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      var src;
      try { src = new URL(frames[i].src, location.href); } catch (e) { continue; }
      if (src.origin === server.origin && src.searchParams.get('mode') === 'embed') return frames[i];
    }
    return null;
  }

  function newFrame(server, options) {
    var url = new URL('/', server);
    url.searchParams.set('mode', 'embed');
    ATTRIBUTES.forEach(function (key) {
      if (options[key]) url.searchParams.set(key, String(options[key]));
    });
    var frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = options.title || 'Dialtone call';
    frame.allow = ALLOW;
    frame.style.cssText = 'border:0;width:100%;height:100%;display:block;color-scheme:normal';
    return frame;
  }

  function Widget(element, options) {
    options = options || {};
    var server = new URL(options.server || DEFAULT_SERVER);
    this.element = element;
    this.origin = server.origin;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Map();
    this.queue = [];
    this.ready = false;
    this.state = null;

    this.probeId = null;

    var adopted = frameIn(element, server);
    this.adopted = !!adopted;
    this.frame = adopted || newFrame(server, options);
    this.onMessage = this.onMessage.bind(this);
    window.addEventListener('message', this.onMessage);
    if (!this.adopted) {
      element.appendChild(this.frame);
      return;
    }
    // Its permissions were fixed when it loaded: without the microphone no call can start.
    if (!/(^|;)\s*microphone\b/.test(this.frame.getAttribute('allow') || '')) {
      console.warn('Dialtone: the widget iframe has no allow="' + ALLOW + '": calls cannot use the microphone.');
    }
    this.probe();
  }

  /**
   * An adopted iframe may have announced "ready" before this loader listened: ask it where it
   * stands. A widget not listening yet drops the question and announces "ready" itself later.
   */
  Widget.prototype.probe = function () {
    var self = this;
    var id = this.nextId++;
    this.probeId = id;
    this.pending.set(id, {
      resolve: function (state) {
        if (self.ready || !state || !state.id) return;
        // What a loader listening from the start would have heard, from where things stand now.
        self.becomeReady({ id: state.id, name: state.name });
        self.emit('peers', state.peers || []);
        if (state.call) self.emit('call-state', state.call);
        if (state.silentRinging) self.emit('silent-ringing', { silent: true });
      },
      reject: function () {},
      timer: null,
    });
    // An iframe outside the document has no window yet: its own "ready" will come.
    if (this.frame.contentWindow) this.post({ dialtone: VERSION, id: id, kind: 'command', name: 'getState', args: [] });
  };

  Widget.prototype.becomeReady = function (args) {
    if (this.probeId !== null) this.pending.delete(this.probeId);
    this.flush();
    this.emit('ready', args);
  };

  Widget.prototype.onMessage = function (event) {
    // Only our own iframe, only from the Dialtone server's origin.
    if (event.source !== this.frame.contentWindow || event.origin !== this.origin) return;
    var message = event.data;
    if (!message || message.dialtone !== VERSION) return;
    if (message.kind === 'reply') {
      var waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.error) {
        var error = new Error(message.error.message);
        error.code = message.error.code;
        waiting.reject(error);
      } else {
        waiting.resolve(message.result);
      }
    } else if (message.kind === 'event' && typeof message.name === 'string') {
      if (message.name !== 'ready') this.emit(message.name, message.args);
      else if (!this.ready) this.becomeReady(message.args);
    }
  };

  Widget.prototype.emit = function (name, detail) {
    this.element.dispatchEvent(new CustomEvent('dialtone:' + name, { detail: detail }));
    (this.listeners.get(name) || []).slice().forEach(function (callback) {
      try { callback(detail); } catch (e) { setTimeout(function () { throw e; }); }
    });
  };

  Widget.prototype.flush = function () {
    this.ready = true;
    var queued = this.queue;
    this.queue = [];
    queued.forEach(this.post, this);
  };

  Widget.prototype.post = function (message) {
    this.frame.contentWindow.postMessage(message, this.origin);
  };

  Widget.prototype.command = function (name, args) {
    var self = this;
    return new Promise(function (resolve, reject) {
      var id = self.nextId++;
      var message = { dialtone: VERSION, id: id, kind: 'command', name: name, args: args || [] };
      var timer = setTimeout(function () {
        self.pending.delete(id);
        // Told TIMEOUT, the site may try again: the command must not also run later.
        self.queue = self.queue.filter(function (queued) { return queued !== message; });
        var error = new Error('the widget did not answer "' + name + '" in time');
        error.code = 'TIMEOUT';
        reject(error);
      }, COMMAND_TIMEOUT_MS);
      if (!self.ready && self.queue.length >= MAX_QUEUED) {
        clearTimeout(timer);
        var busy = new Error('too many commands are waiting for the widget to be ready');
        busy.code = 'BUSY';
        reject(busy);
        return;
      }
      self.pending.set(id, { resolve: resolve, reject: reject, timer: timer });
      // Commands wait for the widget's "ready" event.
      if (self.ready) self.post(message); else self.queue.push(message);
    });
  };

  Widget.prototype.call = function (peerId, media) { return this.command('call', [peerId, media || 'audio']); };
  Widget.prototype.answer = function () { return this.command('answer'); };
  Widget.prototype.reject = function () { return this.command('reject'); };
  Widget.prototype.hangUp = function () { return this.command('hangUp'); };
  Widget.prototype.setMuted = function (source, muted) { return this.command('setMuted', [source, !!muted]); };
  Widget.prototype.setOutputDevice = function (deviceId) { return this.command('setOutputDevice', [deviceId]); };
  Widget.prototype.sendChat = function (text) { return this.command('sendChat', [text]); };
  Widget.prototype.setTheme = function (theme) { return this.command('setTheme', [theme]); };
  Widget.prototype.getState = function () { return this.command('getState'); };

  /** Subscribes to an event; returns a function that unsubscribes. */
  Widget.prototype.on = function (name, callback) {
    var list = this.listeners.get(name) || [];
    list.push(callback);
    this.listeners.set(name, list);
    return function () {
      var i = list.indexOf(callback);
      if (i >= 0) list.splice(i, 1);
    };
  };

  Widget.prototype.destroy = function () {
    window.removeEventListener('message', this.onMessage);
    // Nothing left waiting for ever: each open command is told the widget went.
    this.pending.forEach(function (waiting) {
      clearTimeout(waiting.timer);
      var error = new Error('the widget was removed');
      error.code = 'DESTROYED';
      waiting.reject(error);
    });
    this.pending.clear();
    this.queue = [];
    // An iframe the site wrote is the site's to remove.
    if (!this.adopted && this.frame.parentNode) this.frame.parentNode.removeChild(this.frame);
  };

  var METHODS = ['call', 'answer', 'reject', 'hangUp', 'setMuted', 'setOutputDevice', 'sendChat',
    'setTheme', 'getState', 'on'];

  if (window.customElements && !customElements.get('dialtone-call')) {
    customElements.define('dialtone-call', class extends HTMLElement {
      connectedCallback() {
        if (this.widget) return;
        var options = { server: this.getAttribute('server') || undefined };
        ATTRIBUTES.forEach(function (key) { options[key] = this.getAttribute(key); }, this);
        if (!this.style.display) this.style.display = 'block';
        this.widget = new Widget(this, options);
      }
      disconnectedCallback() {
        if (this.widget) this.widget.destroy();
        this.widget = null;
      }
    });
    METHODS.forEach(function (name) {
      customElements.get('dialtone-call').prototype[name] = function () {
        if (!this.widget) return Promise.reject(new Error('the element is not in the document'));
        return this.widget[name].apply(this.widget, arguments);
      };
    });
  }

  window.Dialtone = {
    version: VERSION,
    mount: function (element, options) { return new Widget(element, options); },
  };
})();
