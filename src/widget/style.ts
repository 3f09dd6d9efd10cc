/** The widget's styles, inside its shadow root: nothing leaks to or from the host page. */
export const css = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
[hidden]{display:none!important}
.launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:var(--sb-color,#2f6fed);color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}
.launcher:focus-visible,.send:focus-visible,.close:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#d93025;color:#fff;font-size:12px;line-height:20px;text-align:center;padding:0 5px}
.panel{position:fixed;right:20px;bottom:88px;width:370px;height:min(560px,calc(100vh - 110px));background:#fff;color:#1c1e21;border-radius:14px;box-shadow:0 8px 32px rgba(0,0,0,.22);display:flex;flex-direction:column;overflow:hidden;font-size:14px}
.head{background:var(--sb-color,#2f6fed);color:#fff;padding:14px 16px;display:flex;align-items:center;justify-content:space-between}
.title{font-size:16px}
.close{background:none;border:0;color:#fff;font-size:24px;line-height:1;cursor:pointer;padding:0 4px}
.list{list-style:none;margin:0;padding:12px;flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:8px;background:#f6f7f9}
.msg{max-width:80%;padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere;display:flex;flex-direction:column;gap:2px}
.msg.agent{align-self:flex-start;background:#fff;border:1px solid #e3e5e8}
.msg.visitor{align-self:flex-end;background:var(--sb-color,#2f6fed);color:#fff}
.msg.pending{opacity:.6}
.author{font-size:12px;font-weight:600;color:#555}
.typing,.status{font-size:12px;color:#555;padding:0 12px;min-height:0}
.typing:not(:empty),.status:not(:empty){padding:4px 12px}
.status{color:#b3261e}
.compose{display:flex;gap:8px;padding:10px;border-top:1px solid #e3e5e8;background:#fff}
.input{flex:1;resize:none;border:1px solid #c9ccd1;border-radius:8px;padding:8px 10px;font-size:14px;max-height:120px;color:#1c1e21;background:#fff}
.send{border:0;border-radius:8px;padding:0 14px;background:var(--sb-color,#2f6fed);color:#fff;font-weight:600;cursor:pointer}
@media (max-width:479px){.panel{right:0;bottom:0;width:100vw;height:100%;border-radius:0}.launcher{right:14px;bottom:14px}}
`;
export const awayCss = `
.away{padding:10px 12px;border-top:1px solid #e3e5e8;background:#fffbea;font-size:13px}
.away-text{margin:0 0 6px}
.away-row{display:flex;gap:8px}
`;
export const agentCss = `
.author{display:flex;align-items:center;gap:6px}
.avatar{width:20px;height:20px;border-radius:50%;object-fit:cover}
.meet{font-size:12px;color:var(--sb-color,#2f6fed);font-weight:600;margin-top:4px}
`;
export const seenCss = `.seen{font-size:11px;opacity:.8;align-self:flex-end}`;
export const choicesCss = `
.choices{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.choice{border:1px solid var(--sb-color,#2f6fed);color:var(--sb-color,#2f6fed);background:#fff;border-radius:16px;padding:6px 12px;font-size:13px;cursor:pointer;min-height:32px}
.choice:hover{background:#f0f4ff}
.choice:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
`;
