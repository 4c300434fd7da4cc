// host.js: the calculator's side of the embed protocol (see embed.js for the partner's side
// and the message list). Active only when the page runs inside a frame. The frame talks to
// exactly one origin: the one whose window is its parent and that said hello first; every
// other message is ignored, and every message it sends names that origin as targetOrigin.

const PREFIX = 'openvalue:';

export class Host {
  /** @param {{onSubmission: (doc: object) => void}} handlers */
  constructor(handlers) {
    this.handlers = handlers;
    this.parent = window.parent !== window ? window.parent : null;
    this.origin = null;
    this.readyInfo = null;
    this.lastResult = null;
    if (!this.parent) return;
    window.addEventListener('message', (e) => this.#onMessage(e));
    if (typeof ResizeObserver === 'function') {
      let last = 0;
      new ResizeObserver(() => {
        const height = document.documentElement.scrollHeight;
        if (Math.abs(height - last) > 2) { last = height; this.#post({ type: 'openvalue:resize', height }); }
      }).observe(document.body);
    }
  }

  get embedded() { return this.parent !== null; }

  #onMessage(e) {
    if (e.source !== this.parent) return;
    const msg = e.data;
    if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string' || !msg.type.startsWith(PREFIX)) return;
    if (msg.type === 'openvalue:hello') {
      if (this.origin === null) this.origin = e.origin;
      if (e.origin !== this.origin) return;
      // A hello (first or repeated after a reload of the host's script) gets the current state.
      this.#post({ type: 'openvalue:resize', height: document.documentElement.scrollHeight });
      if (this.readyInfo) this.#post({ type: 'openvalue:ready', ...this.readyInfo });
      if (this.lastResult) this.#post(this.lastResult);
      return;
    }
    if (e.origin !== this.origin) return;
    if (msg.type === 'openvalue:set-submission' && msg.submission && typeof msg.submission === 'object' && !Array.isArray(msg.submission)) {
      this.handlers.onSubmission(msg.submission);
    }
  }

  #post(msg) {
    if (this.parent && this.origin) this.parent.postMessage(msg, this.origin);
  }

  /** ready announces a loaded engine. */
  ready(version) {
    this.readyInfo = { version };
    this.#post({ type: 'openvalue:ready', version });
  }

  /** result reports the current estimate (or the error document of the draft). */
  result(payload) {
    this.lastResult = { type: 'openvalue:result', ...payload };
    this.#post(this.lastResult);
  }

  /** submitted reports a confirmed submission (id and status only; never the access token). */
  submitted(id, status) {
    this.#post({ type: 'openvalue:submitted', id, status });
  }
}
