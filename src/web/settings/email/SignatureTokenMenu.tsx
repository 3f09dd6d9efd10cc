/** "Insert token": the tokens a team signature may hold, by their human names; the chosen one goes in at the caret. */
import { useRef } from 'react';
import { signatureTokens, type SignatureToken } from '../../../common/api.js';
import { useT, type MessageKey } from '../../i18n/index.js';
import { Menu, MenuButton, MenuItem, MenuList } from '../../ui/Menu.js';

const names: Record<SignatureToken, MessageKey> = {
  full_name: 'identity.tokenFullName',
  first_name: 'identity.tokenFirstName',
  last_name: 'identity.tokenLastName',
};

/** `onInsert` runs once the menu has closed, so the field it puts the token in keeps the focus. */
export function SignatureTokenMenu({ onInsert }: { onInsert(token: string): void }) {
  const t = useT();
  const chosen = useRef<string | null>(null);
  return (
    <div className="menu-wrap">
      <Menu>
        {/* A mouse press keeps the caret in the field; the token goes in where it was. */}
        <MenuButton className="btn small" onMouseDown={(e) => e.preventDefault()}>
          {t('identity.insertToken')} <span aria-hidden="true">▾</span>
        </MenuButton>
        <MenuList
          label={t('identity.insertToken')}
          className="token-menu"
          onCloseAutoFocus={(e) => {
            const token = chosen.current;
            chosen.current = null;
            if (!token) return;
            e.preventDefault();
            onInsert(token);
          }}
        >
          {signatureTokens.map((k) => (
            <MenuItem key={k} onMouseDown={(e) => e.preventDefault()} onSelect={() => (chosen.current = `{{${k}}}`)}>
              <span>{t(names[k])}</span>
              <span className="muted small mono">{`{{${k}}}`}</span>
            </MenuItem>
          ))}
        </MenuList>
      </Menu>
    </div>
  );
}
