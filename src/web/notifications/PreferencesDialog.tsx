/**
 * "Notifications…" in the user menu, and Settings › Notifications (where notification mail links): the matrix of what reaches the user and how (kind × in app,
 * browser, sound, email), the sound options, the email delay, and the button that turns desktop
 * notifications on in this browser (the only place the browser's permission is asked for).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  notificationDeliveries,
  adminNotificationKinds,
  notificationKinds,
  type NotificationDelivery,
  type NotificationKind,
  type NotificationPreferences,
} from '../../common/notification-api.js';
import { api } from '../api/http.js';
import { useT, type MessageKey } from '../i18n/index.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { Field } from '../ui/Field.js';
import { FormDialog } from '../ui/FormDialog.js';
import { useFormSave } from '../ui/useFormSave.js';
import { desktopState, pushSubscribed, turnOffPush, turnOnDesktop, type DesktopState } from './alerts.js';
import { preferencesKey, useNotificationPreferences } from './prefs-queries.js';
import './notification-prefs.css';

const deliveryLabel: Record<NotificationDelivery, MessageKey> = {
  inApp: 'notifyPrefs.inApp',
  push: 'notifyPrefs.push',
  sound: 'notifyPrefs.sound',
  email: 'notifyPrefs.email',
};
const kindLabel = (k: NotificationKind) => `notifyPrefs.kind.${k}` as MessageKey;

export function PreferencesDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const { data } = useNotificationPreferences();
  if (!data) return null;
  return <PreferencesForm initial={data} onClose={onClose} t={t} />;
}

/** The same form as a Settings page: saved in place. */
export function NotificationSettings() {
  const t = useT();
  const { data } = useNotificationPreferences();
  if (!data) return null;
  return (
    <section aria-labelledby="notify-settings-title">
      <header className="settings-head">
        <h2 id="notify-settings-title">{t('notifyPrefs.title')}</h2>
      </header>
      <PreferencesForm initial={data} t={t} />
    </section>
  );
}

function PreferencesForm({ initial, onClose, t }: { initial: NotificationPreferences; onClose?(): void; t: ReturnType<typeof useT> }) {
  const qc = useQueryClient();
  const toast = useToast();
  const { isAdmin } = useSession();
  const [prefs, setPrefs] = useState(initial);
  const { errors, busy, submit } = useFormSave(onClose ?? (() => {}));
  const kinds = notificationKinds.filter((k) => !adminNotificationKinds.includes(k) || isAdmin);

  const toggle = (k: NotificationKind, d: NotificationDelivery) =>
    setPrefs((p) => ({ ...p, kinds: { ...p.kinds, [k]: { ...p.kinds[k], [d]: !p.kinds[k][d] } } }));

  const save = submit(async () => {
    const saved = await api.put<NotificationPreferences>('/me/notification-preferences', prefs);
    qc.setQueryData(preferencesKey, saved);
    toast(t('notifyPrefs.saved'));
  });

  const fields = (
    <>
      <p className="muted">{t('notifyPrefs.intro')}</p>
      <table className="notify-matrix">
        <thead>
          <tr>
            <th scope="col">{t('notifyPrefs.what')}</th>
            {notificationDeliveries.map((d) => (
              <th scope="col" key={d}>
                {t(deliveryLabel[d])}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {kinds.map((k) => (
            <tr key={k}>
              <th scope="row">{t(kindLabel(k))}</th>
              {notificationDeliveries.map((d) => (
                <td key={d}>
                  <label>
                    <input
                      type="checkbox"
                      checked={prefs.kinds[k][d]}
                      onChange={() => toggle(k, d)}
                      aria-label={t('notifyPrefs.cell', { kind: t(kindLabel(k)), delivery: t(deliveryLabel[d]) })}
                    />
                    <span className="notify-cell-label" aria-hidden="true">
                      {t(deliveryLabel[d])}
                    </span>
                  </label>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      <DesktopNotifications />

      <fieldset className="notify-sound">
        <legend>{t('notifyPrefs.soundOptions')}</legend>
        <label className="inline">
          <input
            type="checkbox"
            checked={prefs.sound.repeat}
            onChange={(e) => setPrefs((p) => ({ ...p, sound: { ...p.sound, repeat: e.target.checked } }))}
          />
          {t('notifyPrefs.repeat')}
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={prefs.sound.whenFocused}
            onChange={(e) => setPrefs((p) => ({ ...p, sound: { ...p.sound, whenFocused: e.target.checked } }))}
          />
          {t('notifyPrefs.whenFocused')}
        </label>
        <small className="muted">{t('notifyPrefs.soundHint')}</small>
      </fieldset>

      <Field label={t('notifyPrefs.emailDelay')} hint={t('notifyPrefs.emailDelayHint')} error={errors.emailDelayMinutes}>
        <input
          type="number"
          min={1}
          max={240}
          required
          value={prefs.emailDelayMinutes}
          onChange={(e) => setPrefs((p) => ({ ...p, emailDelayMinutes: Number(e.target.value) }))}
        />
      </Field>
    </>
  );
  if (onClose)
    return (
      <FormDialog title={t('notifyPrefs.title')} onClose={onClose} onSubmit={save} busy={busy} wide className="form notify-prefs">
        {fields}
      </FormDialog>
    );
  return (
    <form className="form notify-prefs" onSubmit={save}>
      {fields}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

/** This browser's desktop notifications: the explained button that asks for permission and subscribes to push. */
function DesktopNotifications() {
  const t = useT();
  const [state, setState] = useState<DesktopState>(desktopState());
  const [push, setPush] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  /** Permission granted but this browser could not subscribe to push (tabs still show notifications). */
  const [noPush, setNoPush] = useState(false);
  useEffect(() => {
    void pushSubscribed().then(setPush, () => setPush(false));
  }, []);

  const turnOn = async () => {
    setBusy(true);
    try {
      const r = await turnOnDesktop();
      setState(r.state);
      setPush(r.push);
      setNoPush(r.state === 'granted' && !r.push);
    } finally {
      setBusy(false);
    }
  };
  const turnOff = async () => {
    setBusy(true);
    try {
      await turnOffPush();
      setPush(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="notify-desktop" aria-labelledby="notify-desktop-title">
      <h3 id="notify-desktop-title">{t('notifyPrefs.desktop')}</h3>
      {state === 'unsupported' ? (
        <p className="muted">{t('notifyPrefs.desktopUnsupported')}</p>
      ) : state === 'denied' ? (
        <p className="muted">{t('notifyPrefs.desktopDenied')}</p>
      ) : state === 'granted' && push ? (
        <p>
          {t('notifyPrefs.desktopIsOn')}{' '}
          <button type="button" className="btn" onClick={() => void turnOff()} disabled={busy}>
            {t('notifyPrefs.desktopOff')}
          </button>
        </p>
      ) : (
        <>
          <p className="muted">{noPush ? t('notifyPrefs.desktopNoPush') : t('notifyPrefs.desktopExplain')}</p>
          <button type="button" className="btn primary" onClick={() => void turnOn()} disabled={busy}>
            {t('notifyPrefs.desktopOn')}
          </button>
        </>
      )}
    </section>
  );
}
