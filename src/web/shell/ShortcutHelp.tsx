/** The list of keyboard shortcuts, opened with `?`. */
import { useT, type MessageKey } from '../i18n/index.js';
import { Modal } from '../ui/Modal.js';

const shortcuts: [string, MessageKey][] = [
  ['j', 'keys.next'],
  ['k', 'keys.prev'],
  ['r', 'keys.reply'],
  ['c', 'keys.comment'],
  ['C', 'keys.compose'],
  ['a', 'keys.assign'],
  ['e', 'keys.close'],
  ['#', 'keys.snippet'],
  ['n', 'keys.notifications'],
  ['/', 'keys.search'],
  ['?', 'keys.help'],
  ['Esc', 'keys.escape'],
];

export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const t = useT();
  return (
    <Modal title={t('keys.title')} onClose={onClose}>
      <dl className="shortcuts">
        {shortcuts.map(([key, label]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
