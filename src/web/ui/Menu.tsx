/**
 * Menus on Radix UI's dropdown menu: the button opens it (click, Enter, Space or ArrowDown), the arrow
 * keys (wrapping round), Home and End move between items, typing a letter jumps to an item, Escape closes it and gives
 * focus back to the button. Non-modal, so the rest of the page stays readable and clickable while it is open.
 */
import * as DM from '@radix-ui/react-dropdown-menu';
import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';

/** The menu: `open` and `onOpenChange` when the caller opens it too (a shortcut, say). */
export function Menu(props: { open?: boolean; onOpenChange?(open: boolean): void; children: ReactNode }) {
  return (
    <DM.Root modal={false} open={props.open} onOpenChange={props.onOpenChange}>
      {props.children}
    </DM.Root>
  );
}

/** The button that opens the menu; its props go to the <button>. */
export const MenuButton = forwardRef<HTMLButtonElement, ButtonHTMLAttributes<HTMLButtonElement>>(function MenuButton(props, ref) {
  return (
    <DM.Trigger asChild>
      <button type="button" {...props} ref={ref} />
    </DM.Trigger>
  );
});

/**
 * The list of items, under the button's right edge. Named by `label`, or else by the button. On closing, the focus
 * goes back to the button unless `onCloseAutoFocus` prevents it (an item that put the focus in an editor).
 */
export function MenuList(props: { label?: string; className?: string; onCloseAutoFocus?(e: Event): void; children: ReactNode }) {
  return (
    <DM.Portal>
      <DM.Content
        className={`menu${props.className ? ` ${props.className}` : ''}`}
        align="end"
        loop
        sideOffset={4}
        collisionPadding={8}
        onCloseAutoFocus={props.onCloseAutoFocus}
        {...(props.label ? { 'aria-label': props.label, 'aria-labelledby': undefined } : {})}
      >
        {props.children}
      </DM.Content>
    </DM.Portal>
  );
}

type ItemProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onSelect'> & { onSelect?(): void };

/** One item: a button (disabled items stay visible, with the reason in their title, and are skipped by the arrows). */
export function MenuItem({ onSelect, disabled, children, ...rest }: ItemProps) {
  return (
    <DM.Item asChild disabled={disabled} onSelect={() => onSelect?.()}>
      <button type="button" disabled={disabled} {...rest}>
        {children}
      </button>
    </DM.Item>
  );
}

/** An item that is a link (navigation stays with its own click handler). */
export function MenuLink(props: { href: string; onClick(e: React.MouseEvent<HTMLAnchorElement>): void; children: ReactNode }) {
  return (
    <DM.Item asChild>
      <a href={props.href} onClick={props.onClick}>
        {props.children}
      </a>
    </DM.Item>
  );
}

/** A heading inside the menu that is not an item (who is signed in, a group's name). */
export function MenuLabel(props: { className?: string; children: ReactNode }) {
  return <DM.Label className={props.className}>{props.children}</DM.Label>;
}

/** An on/off item that keeps the menu open. */
export function MenuCheckbox(props: { checked: boolean; onChange(): void; children: ReactNode }) {
  return (
    <DM.CheckboxItem className="menu-row" checked={props.checked} onCheckedChange={props.onChange} onSelect={(e) => e.preventDefault()}>
      {props.children}
      <span className="menu-check" aria-hidden="true">
        {props.checked ? '✓' : ''}
      </span>
    </DM.CheckboxItem>
  );
}

/** A group of one-of-many choices (a language, say) under its label; the current one is checked, and the menu stays open to show the change. */
export function MenuChoice<T extends string>(props: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange(value: T): void;
}) {
  return (
    <DM.RadioGroup className="menu-choice" aria-label={props.label} value={props.value} onValueChange={(v) => props.onChange(v as T)}>
      <DM.Label className="menu-group" aria-hidden="true">
        {props.label}
      </DM.Label>
      {props.options.map((o) => (
        <DM.RadioItem key={o.value} value={o.value} className="menu-row" onSelect={(e) => e.preventDefault()}>
          {o.label}
          <span className="menu-check" aria-hidden="true">
            {o.value === props.value ? '✓' : ''}
          </span>
        </DM.RadioItem>
      ))}
    </DM.RadioGroup>
  );
}
