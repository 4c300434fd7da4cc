// demo.js: a partner page using the embed API (web/embed.js). It adds the one snippet, then
// listens for the calculator's DOM events. Served from the calculator's own server it needs no
// configuration; served elsewhere (as the browser test does, from another port) the
// calculator's origin is given as ?calculator=http://host:port.
(function demo() {
  'use strict';
  const params = new URLSearchParams(location.search);
  const calculator = params.get('calculator') || new URL('..', location.href).href.replace(/\/$/, '');
  const target = document.getElementById('openvalue-calculator');
  const log = document.getElementById('event-log');
  let count = 0;

  function note(text) {
    count += 1;
    document.getElementById('event-count').textContent = String(count);
    const li = document.createElement('li');
    li.textContent = text;
    log.prepend(li);
    while (log.children.length > 30) log.lastChild.remove();
  }

  target.addEventListener('openvalue:ready', (e) => {
    document.getElementById('engine-version').textContent = `${e.detail.version.methodology} (${e.detail.version.build})`;
    note('ready');
  });
  target.addEventListener('openvalue:result', (e) => {
    const d = e.detail;
    if (d.status === 'ok') {
      document.getElementById('value-score').textContent = `${d.result.valueScore.total} / ${d.result.valueScore.max}`;
      document.getElementById('infram-stage').textContent = `${d.result.infram.stage} / 7`;
      note(`result: Value Score ${d.result.valueScore.total}, INFRAM stage ${d.result.infram.stage}`);
    } else {
      note(`draft incomplete: ${d.error.message}`);
    }
  });
  target.addEventListener('openvalue:submitted', (e) => note(`submitted: ${e.detail.id}`));

  document.getElementById('prefill').addEventListener('click', () => {
    if (!target.openvalue) return;
    target.openvalue.setSubmission({
      organization: { name: 'Riverside Community Hospital', type: 'acute', beds: 180 },
      maturity: { emram: 6, oemram: 5 },
      infram: {},
    });
  });

  // The snippet, added as a partner would add it.
  const s = document.createElement('script');
  s.src = `${calculator}/embed.js`;
  s.dataset.target = '#openvalue-calculator';
  s.async = true;
  document.body.append(s);
}());
