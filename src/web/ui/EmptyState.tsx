/** A calm message where there is nothing to show, with an optional way forward. */
import { linkHandler } from '../state/route.js';

export function EmptyState(props: { title: string; text?: string; action?: { label: string; href: string } }) {
  return (
    <div className="empty" role="status">
      <h2>{props.title}</h2>
      {props.text && <p>{props.text}</p>}
      {props.action && (
        <a className="btn" href={props.action.href} onClick={linkHandler(props.action.href)}>
          {props.action.label}
        </a>
      )}
    </div>
  );
}
