/**
 * A support form's hosted page (`/f/:slug`): small server-rendered HTML in the form's language, labelled
 * fields with their help and error texts tied to them, a hidden honeypot and the signed page token.
 * `/form.js` (page-script.ts) sends it to the API and shows the outcome; without script the form posts
 * to the page itself, which answers with this page again: the confirmation, or the answers kept and
 * each error beside its field (the server checks; the browser's own bubbles would speak its language).
 */
import type { FormFieldOut } from '../../../common/form-api.js';
import { formTexts, type FormLanguage, type FormTexts } from '../../../common/form-texts.js';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f7f9}
body.embed{background:transparent}
main{max-width:640px;margin:0 auto;padding:24px 16px 40px}
.card{background:#fff;border:1px solid #d8dce2;border-radius:12px;padding:24px}
body.embed .card{border:0;padding:8px 4px}
h1{font-size:1.5rem;margin:0 0 16px}
.field{margin:0 0 18px}
label{display:block;font-weight:600;margin-bottom:4px}
.opt{font-weight:400;color:#59636e}
.help{margin:0 0 6px;color:#59636e;font-size:.9rem}
input[type=text],input[type=email],textarea,select{width:100%;font:inherit;padding:10px 12px;border:1px solid #8c959f;border-radius:8px;background:#fff;color:inherit}
input[type=file]{font:inherit;max-width:100%}
textarea{min-height:140px;resize:vertical}
input:focus-visible,textarea:focus-visible,select:focus-visible,button:focus-visible{outline:3px solid #0969da;outline-offset:2px}
[aria-invalid=true]{border-color:#cf222e}
.check{display:flex;gap:10px;align-items:flex-start}
.check input{width:20px;height:20px;margin-top:3px}
.check label{font-weight:400}
.err{color:#b3151f;margin:6px 0 0;font-size:.95rem}
.status{padding:12px 14px;border-radius:8px;background:#ffebe9;color:#82071e;border:1px solid #ff8182;margin:0 0 16px}
.done{padding:16px;border-radius:8px;background:#dafbe1;border:1px solid #4ac26b;color:#0f3d1b}
button{font:inherit;font-weight:600;padding:12px 22px;border-radius:8px;border:0;background:#0969da;color:#fff;cursor:pointer;min-height:44px}
button[disabled]{opacity:.6;cursor:progress}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
@media (max-width:480px){main{padding:12px 10px 24px}.card{padding:16px}button{width:100%}}
`;

/** The words of a field's error code (`FormRefused.fields`), as the script says them. */
export function fieldErrorText(t: FormTexts, code: string): string {
  return code === 'email' ? t.badEmail : code === 'too_long' ? t.fixErrors : t.required;
}

interface FieldState {
  value?: string;
  error?: string;
  /** The first field with an error takes the focus when the page loads. */
  focus?: boolean;
}

function fieldHtml(f: FormFieldOut, t: FormTexts, maxMb: number, st: FieldState = {}): string {
  const id = `f-${f.id}`;
  const help = f.kind === 'file' ? [f.help, t.fileMax.replace('{mb}', String(maxMb))].filter(Boolean).join(' ') : f.help;
  const describedBy = [help ? `${id}-help` : '', `${id}-err`].filter(Boolean).join(' ');
  const req = f.required ? ' required aria-required="true"' : '';
  const invalid = st.error ? ' aria-invalid="true"' : '';
  const common = `id="${id}" name="${esc(f.id)}" aria-describedby="${describedBy}"${req}${invalid}${st.focus ? ' autofocus' : ''}`;
  const helpHtml = help ? `<p class="help" id="${id}-help">${esc(help)}</p>` : '';
  const err = st.error ? `<p class="err" id="${id}-err">${esc(st.error)}</p>` : `<p class="err" id="${id}-err" hidden></p>`;
  const optional = f.required ? '' : ` <span class="opt">${esc(t.optional)}</span>`;
  const v = st.value ?? '';
  const value = v ? ` value="${esc(v)}"` : '';
  if (f.kind === 'checkbox')
    return `<div class="field"><div class="check"><input type="checkbox" value="on"${v ? ' checked' : ''} ${common}><label for="${id}">${esc(f.label)}${optional}</label></div>${helpHtml}${err}</div>`;
  let control: string;
  if (f.kind === 'message' || f.kind === 'long_text') control = `<textarea ${common} maxlength="5000">\n${esc(v)}</textarea>`;
  else if (f.kind === 'choice') {
    const options = f.choices.map((c) => `<option${c === v ? ' selected' : ''}>${esc(c)}</option>`).join('');
    control = `<select ${common}><option value="">${esc(t.chooseOne)}</option>${options}</select>`;
  } else if (f.kind === 'file') control = `<input type="file" ${common}>`;
  else if (f.kind === 'email') control = `<input type="email" autocomplete="email" inputmode="email" maxlength="254"${value} ${common}>`;
  else control = `<input type="text" maxlength="300"${f.kind === 'name' ? ' autocomplete="name"' : ''}${value} ${common}>`;
  return `<div class="field"><label for="${id}">${esc(f.label)}${optional}</label>${helpHtml}${control}${err}</div>`;
}

export interface FormPage {
  slug: string;
  name: string;
  language: FormLanguage;
  fields: FormFieldOut[];
  enabled: boolean;
  token: string;
  maxFileBytes: number;
  embed: boolean;
  /** Shown again after a refused post without script: what was entered, by field id. */
  values?: Record<string, string>;
  /** Error codes by field id (`required`, `email`, …). */
  errors?: Record<string, string>;
  /** The refusal, in the form's language, above the form. */
  status?: string;
  /** After a post without script: the confirmation, in place of the form. */
  confirmation?: string;
}

/** Where the form posts without script: the page itself (embedded, it stays embedded). */
export const formPagePath = (slug: string, embed: boolean) => `/f/${encodeURIComponent(slug)}${embed ? '?embed=1' : ''}`;

/** The whole page; texts the script needs travel in a data attribute (JSON, escaped). */
export function renderFormPage(p: FormPage): string {
  const t = formTexts[p.language];
  const maxMb = Math.round((p.maxFileBytes / (1024 * 1024)) * 10) / 10;
  const scriptTexts = { ...t, fileMax: t.fileMax.replace('{mb}', String(maxMb)), maxMb };
  const errors = p.errors ?? {};
  const firstError = p.fields.find((f) => errors[f.id])?.id;
  const fields = p.fields.map((f) =>
    fieldHtml(f, t, maxMb, {
      value: f.kind === 'file' ? undefined : p.values?.[f.id],
      error: errors[f.id] ? fieldErrorText(t, errors[f.id]!) : undefined,
      focus: f.id === firstError,
    }),
  );
  const sent = p.confirmation !== undefined;
  const status = p.status
    ? `<p id="sbf-status" class="status" role="alert" tabindex="-1">${esc(p.status)}</p>`
    : `<p id="sbf-status" class="status" role="alert" tabindex="-1" hidden></p>`;
  const body = sent
    ? `<div id="sbf-done" class="done" role="status">${esc(p.confirmation!)}</div>`
    : p.enabled
      ? `<form id="sbf" method="post" action="${esc(formPagePath(p.slug, p.embed))}" data-api="/api/v1/forms/${esc(encodeURIComponent(p.slug))}/submissions" enctype="multipart/form-data" novalidate data-texts="${esc(JSON.stringify(scriptTexts))}" data-max="${p.maxFileBytes}">
${status}
<input type="hidden" name="_token" value="${esc(p.token)}">
<div class="hp" aria-hidden="true"><label for="sbf-website">Website</label><input id="sbf-website" type="text" name="website" tabindex="-1" autocomplete="off"></div>
${fields.join('\n')}
<button type="submit">${esc(t.submit)}</button>
</form>
<div id="sbf-done" class="done" role="status" tabindex="-1" hidden></div>`
      : `<p class="status" role="alert">${esc(t.closed)}</p>`;
  return `<!doctype html>
<html lang="${p.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(p.name)}</title>
<style>${STYLE}</style>
<script src="/form.js" defer></script>
</head>
<body${p.embed ? ' class="embed"' : ''}>
<main><div class="card"><h1>${esc(p.name)}</h1>
${body}
</div></main>
</body>
</html>`;
}
