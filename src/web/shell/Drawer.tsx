/** A panel that slides over the screen from the left on a phone (the views and filters), as a modal dialog. */
import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { keepOpenOnToast } from '../state/toasts.js';

export function Drawer(props: { id?: string; title: string; open: boolean; onOpenChange(open: boolean): void; children: ReactNode }) {
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="drawer-backdrop" />
        <Dialog.Content id={props.id} className="drawer" aria-describedby={undefined} onInteractOutside={keepOpenOnToast}>
          <Dialog.Title className="sr-only">{props.title}</Dialog.Title>
          {props.children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
