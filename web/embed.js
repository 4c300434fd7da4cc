// embed.js: the one-snippet embed of the openvalue calculator on a partner's page.
//
//   <div id="openvalue"></div>
//   <script src="https://calculator.example/embed.js" data-target="#openvalue" async></script>
//
// The script mounts the calculator (served from the script's own origin, at embed.html) in
// an <iframe> inside the target element (or right after the script tag when data-target is
// absent) and re-dispatches what the calculator reports as DOM CustomEvents on that element.
// The events bubble, so `document.addEventListener('openvalue:result', ...)` works too.
//
// Attributes of the <script> tag (all optional):
//   data-target   CSS selector of the element to mount into
//   data-title    accessible title of the iframe (default "Hospital value score calculator")
//   data-height   initial height in CSS pixels (default 900); the frame then follows its content
//   data-autosize "false" keeps the height fixed instead of following the content
//
// Events dispatched on the mount element (event.detail):
//   openvalue:ready    {version: {methodology, build}}            the engine is loaded
//   openvalue:result   {status: "ok", result, ratings?}           every recomputed estimate
//                      {status: "invalid", error}                 the error document for the draft
//   openvalue:submitted {id, status}                              the user confirmed a submission
//
// JavaScript API, on the mount element as `element.openvalue` and returned by
// `window.OpenValueEmbed.mount(element, options)` for pages that mount by hand:
//   .frame                 the <iframe>
//   .origin                the calculator's origin
//   .setSubmission(doc)    pre-fills the form with a submission document (the user still sees
//                          and edits everything; nothing is sent)
//   .destroy()             removes the frame and the listener
//
// Messages (window.postMessage), all objects with a "type" starting "openvalue:":
//   host  → frame  {type:"openvalue:hello", version:1}   after the frame loads; the frame answers
//                  only to the origin that said hello, and only if that is its parent window
//   host  → frame  {type:"openvalue:set-submission", submission}
//   frame → host   {type:"openvalue:ready" | "openvalue:result" | "openvalue:submitted" |
//                   "openvalue:resize", ...}
// Origin checks both ways: this script accepts a message only when event.origin is the
// calculator's origin AND event.source is its own frame's window; it posts to the frame only
// with that exact targetOrigin. The calculator (app.js, embed mode) accepts only messages
// whose source is window.parent, remembers the origin of the first hello, and posts with that
// origin as targetOrigin, so results can never reach a page other than the one framing it.
(function openvalueEmbed() {
  'use strict';
  const PREFIX = 'openvalue:';
  const script = document.currentScript;

  function mount(target, options = {}) {
    if (!target) throw new Error('openvalue embed: no element to mount into');
    if (target.openvalue) return target.openvalue;
    const base = new URL(options.src || 'embed.html', options.base || (script && script.src) || location.href);
    const origin = base.origin;
    const frame = document.createElement('iframe');
    frame.src = base.href;
    frame.title = options.title || 'Hospital value score calculator';
    frame.setAttribute('loading', 'eager');
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.style.cssText = 'width:100%;border:0;display:block;min-height:320px';
    frame.style.height = `${Number(options.height) || 900}px`;
    const autosize = options.autosize !== false;
    let pending = null; // a submission to send once the frame is listening
    let ready = false;

    const send = (msg) => {
      if (frame.contentWindow) frame.contentWindow.postMessage(msg, origin);
    };
    const onMessage = (event) => {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      const msg = event.data;
      if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string' || !msg.type.startsWith(PREFIX)) return;
      if (msg.type === 'openvalue:resize') {
        if (autosize && Number.isFinite(msg.height) && msg.height > 0) frame.style.height = `${Math.ceil(msg.height)}px`;
        return;
      }
      if (msg.type === 'openvalue:ready') {
        ready = true;
        if (pending) send({ type: 'openvalue:set-submission', submission: pending });
        pending = null;
      }
      const { type, ...detail } = msg;
      target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
    };
    window.addEventListener('message', onMessage);
    frame.addEventListener('load', () => send({ type: 'openvalue:hello', version: 1 }));
    target.append(frame);

    const api = {
      frame,
      origin,
      setSubmission(doc) {
        if (ready) send({ type: 'openvalue:set-submission', submission: doc });
        else pending = doc; // sent when the calculator says it is ready
      },
      destroy() {
        window.removeEventListener('message', onMessage);
        frame.remove();
        delete target.openvalue;
      },
    };
    target.openvalue = api;
    return api;
  }

  window.OpenValueEmbed = Object.freeze({ mount });

  if (script) {
    const d = script.dataset;
    let target = d.target ? document.querySelector(d.target) : null;
    if (!target) {
      target = document.createElement('div');
      target.className = 'openvalue-embed';
      script.after(target);
    }
    mount(target, { title: d.title, height: d.height, autosize: d.autosize !== 'false' });
  }
})();
