/**
 * Settings › Inboxes › Slack (admins): an inbox's Slack alerts. Connect with a bot token and a
 * channel, or an incoming-webhook URL (secrets are never shown again: empty keeps the saved one);
 * Save, Send test message, Disconnect; the connection's state and last error in words.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { InboxOut, SlackConnectionOut, SlackMode, SlackTestOut } from '../../../common/api.js';
import { api, errorMessage, fieldErrors } from '../../api/http.js';
import { formatDateTime, isMessageKey, useI18n, type Translate } from '../../i18n/index.js';
import { useToast } from '../../state/toasts.js';
import { Field } from '../../ui/Field.js';
import { Modal } from '../../ui/Modal.js';

/** Slack's error code in words when the app knows it, else as Slack said it. */
export function slackErrorText(t: Translate, error: string): string {
  const key = `slack.error.${error}`;
  return isMessageKey(key) ? t(key) : error;
}

export function SlackDialog({ inbox, onClose }: { inbox: InboxOut; onClose(): void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const url = `/inboxes/${encodeURIComponent(inbox.id)}/slack`;
  const [conn, setConn] = useState<SlackConnectionOut | null>(null);
  const [mode, setMode] = useState<SlackMode>('bot');
  const [token, setToken] = useState('');
  const [channel, setChannel] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SlackTestOut | 'testing' | null>(null);

  const show = (c: SlackConnectionOut) => {
    setConn(c);
    setMode(c.mode ?? 'bot');
    setChannel(c.channel ?? '');
    setToken('');
    setWebhookUrl('');
  };
  useEffect(() => {
    void api.get<SlackConnectionOut>(url).then(show);
  }, [url]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const body =
        mode === 'bot'
          ? { mode, channel: channel.trim(), ...(token.trim() ? { token: token.trim() } : {}) }
          : { mode, ...(webhookUrl.trim() ? { webhookUrl: webhookUrl.trim() } : {}) };
      show(await api.put<SlackConnectionOut>(url, body, { quiet: [400] }));
      setErrors({});
      setResult(null);
      toast(t('slack.saved'));
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(Object.keys(f).length ? f : { [mode === 'bot' ? 'token' : 'webhookUrl']: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }
  async function test() {
    setResult('testing');
    const out = await api.post<SlackTestOut>(`${url}/test`).catch(() => null);
    setResult(out);
    if (out) setConn(out.connection);
  }
  async function disconnect() {
    await api.del(url);
    show(await api.get<SlackConnectionOut>(url));
    setResult(null);
    toast(t('slack.disconnected'));
  }

  const when = (iso: string) => formatDateTime(iso, locale);
  const saved = conn?.connected ?? false;
  return (
    <Modal title={t('slack.title', { name: inbox.name })} onClose={onClose} wide>
      <div className="slack-settings" data-slack-inbox={inbox.id}>
        <p className="muted">{t('slack.intro')}</p>
        {conn && (
          <div role="status" data-slack-state={conn.state ?? 'none'}>
            <p className={conn.state === 'error' ? 'chip chip-failed' : 'chip'}>{t(`slack.state.${conn.state ?? 'none'}`)}</p>
            {conn.lastSuccessAt && <p className="small">{t('slack.lastSuccess', { time: when(conn.lastSuccessAt) })}</p>}
            {conn.lastError && conn.lastErrorAt && conn.state !== 'ok' && (
              <p className="field-error">
                {t('slack.lastError', { time: when(conn.lastErrorAt), error: slackErrorText(t, conn.lastError) })}
              </p>
            )}
          </div>
        )}
        <form className="form" onSubmit={(e) => void save(e)} noValidate>
          <fieldset>
            <legend>{t('slack.mode')}</legend>
            {(['bot', 'webhook'] as const).map((m) => (
              <label className="inline" key={m}>
                <input type="radio" name="slack-mode" checked={mode === m} onChange={() => setMode(m)} />{' '}
                {t(m === 'bot' ? 'slack.modeBot' : 'slack.modeWebhook')}
              </label>
            ))}
          </fieldset>
          <p className="muted small">{t(mode === 'bot' ? 'slack.botHint' : 'slack.webhookHint')}</p>
          {mode === 'bot' ? (
            <>
              <Field label={t('slack.token')} error={errors.token} hint={conn?.hasToken ? t('slack.tokenKept') : undefined}>
                <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" placeholder="xoxb-…" />
              </Field>
              <Field label={t('slack.channel')} error={errors.channel} hint={t('slack.channelHint')}>
                <input value={channel} onChange={(e) => setChannel(e.target.value)} autoComplete="off" placeholder="C0123ABCD" />
              </Field>
            </>
          ) : (
            <Field
              label={t('slack.webhookUrl')}
              error={errors.webhookUrl}
              hint={conn?.webhookHost ? t('slack.webhookKept', { host: conn.webhookHost }) : undefined}
            >
              <input
                type="password"
                value={webhookUrl}
                onChange={(e) => setWebhookUrl(e.target.value)}
                autoComplete="off"
                placeholder="https://hooks.slack.com/services/…"
              />
            </Field>
          )}
          <div className="form-actions">
            {saved && (
              <button type="button" className="btn danger" onClick={() => void disconnect()}>
                {t('slack.disconnect')}
              </button>
            )}
            {saved && (
              <button type="button" className="btn" disabled={result === 'testing'} onClick={() => void test()}>
                {result === 'testing' ? t('slack.testing') : t('slack.test')}
              </button>
            )}
            <button type="submit" className="btn primary" disabled={busy}>
              {t('slack.save')}
            </button>
          </div>
          {result && result !== 'testing' && (
            <p className={result.ok ? 'small' : 'field-error'} role="status" data-slack-test={result.ok ? 'ok' : 'failed'}>
              {result.ok ? t('slack.testOk') : t('slack.testFailed', { error: slackErrorText(t, result.error ?? '') })}
            </p>
          )}
        </form>
      </div>
    </Modal>
  );
}
