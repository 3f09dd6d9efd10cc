/**
 * `/form.js`: the hosted form's script (plain ES2019, no framework). It checks the required fields and
 * the email address, sends the form as multipart to the API (`data-api`), and shows the confirmation, or the refusal and each
 * field's error in the form's language, moving the focus to what needs reading.
 */
export const FORM_PAGE_SCRIPT = String.raw`(function () {
  'use strict';
  var form = document.getElementById('sbf');
  if (!form) return;
  var T = JSON.parse(form.getAttribute('data-texts') || '{}');
  var max = Number(form.getAttribute('data-max') || 0);
  var status = document.getElementById('sbf-status');
  var done = document.getElementById('sbf-done');
  var button = form.querySelector('button[type=submit]');
  var EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/;
  var fieldWords = { required: T.required, email: T.badEmail, choice: T.required, too_long: T.fixErrors };

  function controls() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.id && el.id.indexOf('f-') === 0;
    });
  }
  function setError(el, text) {
    var err = document.getElementById(el.id + '-err');
    if (text) {
      el.setAttribute('aria-invalid', 'true');
      if (err) { err.textContent = text; err.hidden = false; }
    } else {
      el.removeAttribute('aria-invalid');
      if (err) { err.textContent = ''; err.hidden = true; }
    }
  }
  function showStatus(text) {
    status.textContent = text;
    status.hidden = false;
    status.focus();
  }
  function check() {
    var first = null;
    controls().forEach(function (el) {
      var text = '';
      var empty = el.type === 'checkbox' ? !el.checked : el.type === 'file' ? !(el.files && el.files.length) : !String(el.value).trim();
      if (el.required && empty) text = T.required;
      else if (el.type === 'email' && !empty && !EMAIL.test(String(el.value).trim())) text = T.badEmail;
      else if (el.type === 'file' && !empty && max && el.files[0].size > max) text = T.refusals.file_too_large.replace('{mb}', T.maxMb);
      setError(el, text);
      if (text && !first) first = el;
    });
    return first;
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    status.hidden = true;
    var bad = check();
    if (bad) { showStatus(T.fixErrors); return; }
    button.disabled = true;
    var label = button.textContent;
    button.textContent = T.sending;
    fetch(form.getAttribute('data-api') || form.action, { method: 'POST', body: new FormData(form), credentials: 'omit' })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (body) { return { status: res.status, body: body }; });
      })
      .then(function (r) {
        if (r.status === 201) {
          form.hidden = true;
          done.textContent = r.body.confirmation || T.confirmation;
          done.hidden = false;
          done.focus();
          return;
        }
        var reason = r.body && r.body.reason;
        if (r.status === 413) reason = 'file_too_large';
        var text = (reason && T.refusals[reason]) || T.failed;
        var fields = (r.body && r.body.fields) || {};
        Object.keys(fields).forEach(function (id) {
          var el = document.getElementById('f-' + id);
          if (el) setError(el, fieldWords[fields[id]] || T.required);
        });
        showStatus(text.replace('{mb}', T.maxMb));
      })
      .catch(function () { showStatus(T.failed); })
      .then(function () { button.disabled = false; button.textContent = label; });
  });
})();
`;
