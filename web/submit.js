// submit.js: "Submit for verification", the only action that sends anything. It asks first,
// in a dialog that says exactly what goes where, then POSTs {"submission", "estimate"} to
// this server's /api/v1/submissions once and shows the receipt, the submission id and the
// access token (shown once by the server, never stored by this page).

import { h, replace, fmt } from './dom.js';

export class Submitter {
  /**
   * @param {HTMLElement} root   where the step's content goes
   * @param {{current: () => {doc: object, result: object|null, problems: Array},
   *          showProblems: () => void, onErrorDocument: (err: object) => void,
   *          onSubmitted: (answer: object) => void}} ctx
   */
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.sending = false;
    this.endpoint = new URL('api/v1/submissions', document.baseURI);
    this.summary = h('div', { class: 'submit-summary' });
    this.outcome = h('div', { class: 'submit-outcome', role: 'status', 'aria-live': 'polite' });
    this.button = h('button', { type: 'button', class: 'primary', id: 'submit-open', on: { click: () => this.open() } }, 'Submit for verification…');
    this.dialog = this.#dialog();
    replace(root,
      h('p', { class: 'intro' }, 'When you are ready, send the submission for verification. The server recomputes your estimate with the same open engine, stores it and returns a signed receipt at once; a reviewer then checks the evidence of your case studies and issues the verified score.'),
      this.summary,
      h('div', { class: 'row-actions' }, this.button),
      this.outcome,
      this.dialog);
  }

  /** refresh updates the summary of what would be sent. */
  refresh() {
    const { doc, result, problems, receipt } = this.ctx.current();
    const cases = (doc.caseStudies || []).length;
    const measures = (doc.caseStudies || []).reduce((n, c) => n + (c.measures || []).length, 0);
    const answered = Object.values(doc.infram || {}).reduce((n, m) => n + Object.keys(m || {}).length, 0);
    replace(this.summary, h('ul', {},
      h('li', {}, `Organization: ${doc.organization && doc.organization.name ? doc.organization.name : '(no name yet)'}`),
      h('li', {}, `${answered} INFRAM answers, ${cases} case ${cases === 1 ? 'study' : 'studies'} with ${measures} measure${measures === 1 ? '' : 's'}`),
      h('li', {}, result && !problems.length ? `Estimated Value Score ${fmt(result.valueScore.total, 2)}, INFRAM stage ${result.infram.stage}` : `${problems.length} problem${problems.length === 1 ? '' : 's'} to fix before submitting`),
      receipt ? h('li', {}, h('strong', {}, `Already submitted from this draft as ${receipt.id}`), receipt.at ? ` (${new Date(receipt.at).toLocaleString()})` : '', '; submitting again creates a new submission.') : null));
  }

  open() {
    const { problems } = this.ctx.current();
    if (problems.length) {
      this.ctx.showProblems();
      replace(this.outcome, h('p', { class: 'notice error' }, `Fix the ${problems.length} problem${problems.length === 1 ? '' : 's'} listed in the estimate panel first; each is marked next to its field.`));
      return;
    }
    replace(this.outcome);
    this.#fillDialog();
    this.dialog.returnValue = ''; // Escape keeps the old value: never let it mean "send"
    this.dialog.showModal();
    this.dialog.querySelector('button[value="cancel"]').focus();
  }

  #dialog() {
    const d = h('dialog', { id: 'confirm-submit', 'aria-labelledby': 'confirm-h', 'aria-describedby': 'confirm-body' });
    d.addEventListener('close', () => {
      if (d.returnValue === 'send') this.send();
      else this.button.focus();
    });
    return d;
  }

  #fillDialog() {
    const { doc } = this.ctx.current();
    replace(this.dialog,
      h('form', { method: 'dialog' },
        h('h2', { id: 'confirm-h' }, 'Send this submission for verification?'),
        h('div', { id: 'confirm-body' },
          h('p', {}, 'This sends, once, to ', h('strong', {}, this.endpoint.origin), ':'),
          h('ul', {},
            h('li', {}, `the submission document of ${doc.organization.name || 'your organization'} (profile, maturity stages, INFRAM answers, case studies), and`),
            h('li', {}, 'the estimate computed in this browser, so the server can confirm it agrees.')),
          h('p', {}, 'Your own CMS metrics (the ValueSCORE percentile step) are not sent. You will receive a submission id and an access token; keep the token — it is the only key to your submission.')),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', value: 'cancel' }, 'Cancel'),
          h('button', { type: 'submit', value: 'send', class: 'primary', id: 'confirm-send' }, 'Send submission'))));
  }

  async send() {
    if (this.sending) return;
    this.sending = true;
    this.button.disabled = true;
    const { doc, result } = this.ctx.current();
    replace(this.outcome, h('p', { class: 'notice info' }, 'Sending…'));
    try {
      const resp = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ submission: doc, estimate: result }),
        credentials: 'same-origin',
        cache: 'no-store',
      });
      let body = null;
      try { body = await resp.json(); } catch { body = null; }
      if (resp.status === 201 && body && body.id) {
        this.#receipt(body);
        this.ctx.onSubmitted(body);
      } else if (body && body.error) {
        if (Array.isArray(body.error.fields) && body.error.fields.length) this.ctx.onErrorDocument(body.error);
        replace(this.outcome, h('p', { class: 'notice error', role: 'alert' }, `The server did not accept the submission (${resp.status}): ${body.error.message}`));
      } else {
        replace(this.outcome, h('p', { class: 'notice error', role: 'alert' }, `The server answered ${resp.status}; nothing was stored. Try again later — your draft is kept in this browser.`));
      }
    } catch (e) {
      replace(this.outcome, h('p', { class: 'notice error', role: 'alert' }, `The submission could not be sent (${e.message}). Your draft is kept in this browser.`));
    } finally {
      this.sending = false;
      this.button.disabled = false;
    }
  }

  #receipt(a) {
    const token = h('code', { id: 'access-token' }, a.access_token);
    const agreed = a.estimate_agreed === true ? 'The server’s recomputed estimate is identical to the one shown here.'
      : a.estimate_agreed === false ? 'The server’s recomputed estimate differs from this browser’s; the server’s is authoritative.' : '';
    const download = () => {
      const blob = new Blob([JSON.stringify(a, null, 2) + '\n'], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: `openvalue-receipt-${a.id}.json` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    };
    const pdf = async () => {
      const resp = await fetch(new URL(`api/v1/submissions/${encodeURIComponent(a.id)}/summary.pdf`, document.baseURI), {
        headers: { Authorization: `Bearer ${a.access_token}` }, cache: 'no-store',
      });
      if (!resp.ok) { window.alert(`The summary is not available (${resp.status}).`); return; }
      const url = URL.createObjectURL(await resp.blob());
      const link = h('a', { href: url, download: `openvalue-summary-${a.id}.pdf` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    };
    const copy = async (btn) => {
      try { await navigator.clipboard.writeText(a.access_token); btn.textContent = 'Copied'; } catch {
        const r = document.createRange(); r.selectNodeContents(token);
        const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
        btn.textContent = 'Selected — press Ctrl+C';
      }
    };
    const copyBtn = h('button', { type: 'button', on: { click: () => copy(copyBtn) } }, 'Copy token');
    const sigOut = h('p', { class: 'sig-check', role: 'status' });
    // The receipt's ed25519 signature is checked by the same wasm engine, against the keys the
    // server publishes (a GET of /api/v1/keys, only when asked).
    const checkSig = async () => {
      const engine = this.ctx.engine && this.ctx.engine();
      if (!engine || !engine.has('verifyReceipt')) { sigOut.textContent = 'This engine build cannot check receipts.'; return; }
      try {
        const resp = await fetch(new URL('api/v1/keys', document.baseURI), { cache: 'no-store' });
        if (!resp.ok) throw new Error(`GET /api/v1/keys answered ${resp.status}`);
        const v = engine.verifyReceipt(a.receipt, await resp.text());
        if (v && v.error) sigOut.textContent = `The receipt could not be checked: ${v.error.message}`;
        else if (v.valid) sigOut.textContent = `Signature valid: receipt ${v.id}, key ${v.receipt.kid}, status ${v.receipt.status}, issued ${v.receipt.issued_at}.`;
        else sigOut.textContent = `Signature NOT valid: ${v.reason || 'unknown reason'}.`;
      } catch (e) {
        sigOut.textContent = `The receipt could not be checked: ${e.message}`;
      }
    };
    replace(this.outcome, h('div', { class: 'receipt', tabindex: '-1', id: 'receipt' },
      h('h3', {}, 'Submitted for verification'),
      h('p', {}, 'Submission id: ', h('code', { id: 'submission-id' }, a.id), ` · status: ${a.status}`),
      h('p', {}, 'Access token: ', token, ' ', copyBtn),
      h('p', {}, h('strong', {}, 'Keep this token somewhere safe now.'), ' It is shown only once, this page does not store it, and without it nobody — not even you — can open the submission, its verified score or its PDF summary.'),
      agreed ? h('p', {}, agreed) : null,
      a.receipt ? h('p', { class: 'muted' }, 'The server signed a receipt (ed25519) over your submission and its result; it is part of the download below.') : null,
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', on: { click: download } }, 'Download receipt (JSON)'),
        h('button', { type: 'button', on: { click: pdf } }, 'Download PDF summary'),
        a.receipt ? h('button', { type: 'button', id: 'check-signature', on: { click: checkSig } }, 'Check the signature') : null),
      sigOut));
    this.outcome.querySelector('#receipt').focus();
  }
}
