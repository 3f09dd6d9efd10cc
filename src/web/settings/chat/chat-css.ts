/** Styles of the chat settings: the tracking code, the wizard's steps and form, the live preview frames. */
export const chatCss = `
.chat-settings{margin-top:2rem}
.chat-snippet{display:flex;gap:.5rem;align-items:flex-start;flex-wrap:wrap}
.chat-snippet code{flex:1 1 16rem;font-size:.8rem;background:#f4f5f7;border:1px solid #e1e4ea;border-radius:6px;padding:.4rem .5rem;word-break:break-all}
.chat-wizard{display:grid;grid-template-columns:1fr 1fr;gap:1.2rem}
.chat-steps{display:flex;gap:.3rem;flex-wrap:wrap;list-style:none;padding:0;margin:0 0 .8rem;font-size:.8rem}
.chat-steps li{padding:.15rem .5rem;border-radius:99px;background:#eef0f4}
.chat-steps li[aria-current=step]{background:#2f6fed;color:#fff}
.chat-steps button{all:unset;cursor:pointer}
.chat-form{display:grid;gap:.7rem;align-content:start}
.chat-rule{display:flex;gap:.3rem}
.chat-rule input{flex:1}
.chat-preview{display:flex;gap:.8rem;align-items:flex-end}
.chat-frame{border:1px solid #d5d9e0;border-radius:8px;background:#fdfdfd;position:relative;overflow:hidden;font-size:11px}
.chat-frame .p{position:absolute;right:6px;bottom:6px;top:6px;left:6px;display:flex;flex-direction:column;border-radius:8px;box-shadow:0 2px 10px rgba(0,0,0,.2);background:#fff;overflow:hidden}
.chat-frame .h{color:#fff;padding:6px 8px;font-weight:600}
.chat-frame .b{flex:1;padding:6px;background:#f6f7f9}
.chat-frame .m{background:#fff;border:1px solid #e3e5e8;border-radius:8px;padding:4px 6px;display:inline-block}
.chat-frame .a{border-top:1px solid #e3e5e8;padding:5px 6px;background:#fff}
.chat-frame .a p{margin:0 0 4px}
.chat-frame .e{display:flex;gap:3px;align-items:center}
.chat-frame .e span:first-child{flex:1;border:1px solid #d5d9e0;border-radius:4px;padding:2px 4px;color:#666;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.chat-frame .s{color:#fff;border-radius:4px;padding:2px 5px}
.chat-preview-side{display:grid;gap:.5rem;align-content:start}
.chat-property{display:grid;gap:.5rem}
.chat-install{display:grid;gap:.5rem;margin-top:.5rem}
.chat-install h3{margin:0;font-size:1rem}
.chat-install p{margin:0}
.chat-install code{font-size:.8rem;background:#f4f5f7;border:1px solid #e1e4ea;border-radius:6px;padding:.4rem .5rem;word-break:break-all}
.chat-install-actions{display:flex;gap:.5rem;flex-wrap:wrap}
.chat-frame .i{border-top:1px solid #e3e5e8;padding:6px;color:#666}
.chat-actions{white-space:nowrap}
.chat-form input[type=radio],.chat-form input[type=checkbox]{flex-shrink:0}
@media (max-width:640px){.chat-wizard{grid-template-columns:1fr}}
.chat-secret{display:flex;gap:.3rem;align-items:center;flex-wrap:wrap}
.chat-secret code{font-size:.75rem;word-break:break-all}
.chat-identify{flex-basis:100%}
.chat-identify pre{margin:.2rem 0 0;background:#f4f5f7;border:1px solid #e1e4ea;border-radius:6px;padding:.4rem .5rem;white-space:pre-wrap;font-size:.72rem}
`;
