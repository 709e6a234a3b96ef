/*! Dialtone embed loader: <dialtone-call> and Dialtone.mount(element, options).
 * The call itself runs in an iframe served by the Dialtone server; this file only creates it and
 * speaks the postMessage API (specs/embed.md): commands return Promises, events arrive as DOM
 * CustomEvents ("dialtone:<name>") and through on(name, callback). */
(function () {
  'use strict';
  if (window.Dialtone) return;

  var VERSION = 1;
  var COMMAND_TIMEOUT_MS = 15000;
  var ATTRIBUTES = ['room', 'name', 'media', 'theme', 'lang'];

  function scriptServer() {
    var script = document.currentScript;
    return script && script.src ? new URL(script.src).origin : location.origin;
  }
  var DEFAULT_SERVER = scriptServer();

  function Widget(element, options) {
    options = options || {};
    var server = new URL(options.server || DEFAULT_SERVER);
    var url = new URL('/', server);
    url.searchParams.set('mode', 'embed');
    ATTRIBUTES.forEach(function (key) {
      if (options[key]) url.searchParams.set(key, String(options[key]));
    });
    this.element = element;
    this.origin = server.origin;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Map();
    this.queue = [];
    this.ready = false;
    this.state = null;

    var frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = options.title || 'Dialtone call';
    frame.allow = 'microphone; camera; display-capture; autoplay; speaker-selection';
    frame.style.cssText = 'border:0;width:100%;height:100%;display:block;color-scheme:normal';
    this.frame = frame;
    this.onMessage = this.onMessage.bind(this);
    window.addEventListener('message', this.onMessage);
    element.appendChild(frame);
  }

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
      if (message.name === 'ready') this.flush();
      this.emit(message.name, message.args);
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
      var timer = setTimeout(function () {
        self.pending.delete(id);
        var error = new Error('the widget did not answer "' + name + '" in time');
        error.code = 'TIMEOUT';
        reject(error);
      }, COMMAND_TIMEOUT_MS);
      self.pending.set(id, { resolve: resolve, reject: reject, timer: timer });
      var message = { dialtone: VERSION, id: id, kind: 'command', name: name, args: args || [] };
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
    this.pending.forEach(function (waiting) { clearTimeout(waiting.timer); });
    this.pending.clear();
    if (this.frame.parentNode) this.frame.parentNode.removeChild(this.frame);
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
