/** The step after creating an inbox: email (its forwarding address, or a mailbox), website chat, Facebook Messenger, a support form, or later. */
import type { ReactNode } from 'react';
import type { InboxOut } from '../../common/api.js';
import { useT } from '../i18n/index.js';
import { CopyAddress } from '../inbox/GettingStarted.js';
import { Modal } from '../ui/Modal.js';
import { mailboxHref } from './links.js';

/** One way to connect: what it is, what it does, and the button (or link) that starts it. */
interface ConnectChoice {
  key: string;
  title: string;
  text: string;
  action: string;
  onChoose(): void;
  /** A link to a place in Settings instead of a button (it still opens in place). */
  href?: string;
  primary?: boolean;
  /** Shown between the text and the button (the inbox's address to copy). */
  extra?: ReactNode;
}

function ConnectChoiceCard({ choice: c }: { choice: ConnectChoice }) {
  const className = c.primary ? 'btn primary' : 'btn';
  return (
    <li data-connect={c.key}>
      <h3>{c.title}</h3>
      <p className="muted">{c.text}</p>
      {c.extra}
      {c.href ? (
        <a
          className={className}
          href={c.href}
          onClick={(e) => {
            e.preventDefault();
            c.onChoose();
          }}
        >
          {c.action}
        </a>
      ) : (
        <button type="button" className={className} onClick={c.onChoose}>
          {c.action}
        </button>
      )}
    </li>
  );
}

export function ConnectChannelDialog(props: { inbox: InboxOut; onClose(): void; onChat(): void; onMessenger(): void; onForm(): void }) {
  const { inbox, onClose } = props;
  const t = useT();
  const mailbox = mailboxHref(inbox.id);
  const choices: ConnectChoice[] = [
    {
      key: 'email',
      title: t('connect.email'),
      text: t('connect.emailText'),
      extra: <CopyAddress address={inbox.fallbackAddress} />,
      action: t('connect.mailbox'),
      href: mailbox,
      onChoose: () => {
        onClose();
        // After this dialog has given focus back, the mailbox form opens for this inbox (EmailSettings reads the hash).
        setTimeout(() => (location.hash = new URL(mailbox, location.href).hash));
      },
    },
    { key: 'chat', title: t('connect.chat'), text: t('connect.chatText'), action: t('connect.chatOpen'), onChoose: props.onChat },
    {
      key: 'messenger',
      title: t('messenger.title'),
      text: t('connect.messengerText'),
      action: t('messenger.connect'),
      onChoose: props.onMessenger,
    },
    { key: 'form', title: t('forms.connect'), text: t('forms.connectText'), action: t('forms.connectOpen'), onChoose: props.onForm },
    { key: 'later', title: t('connect.later'), text: t('connect.laterText'), action: t('connect.later'), onChoose: onClose, primary: true },
  ];
  return (
    <Modal title={t('connect.title')} onClose={onClose} wide>
      <div className="connect-step">
        <p>{t('connect.intro', { name: inbox.name })}</p>
        <ul className="connect-choices" aria-label={t('connect.choices')}>
          {choices.map((c) => (
            <ConnectChoiceCard key={c.key} choice={c} />
          ))}
        </ul>
      </div>
    </Modal>
  );
}
