/** One <option> per user of the account, by name: the choices of every owner, assignee and user picker. */
import { useSession } from '../state/session.js';

export function UserOptions() {
  const { users } = useSession();
  return users.map((u) => (
    <option key={u.id} value={u.id}>
      {u.name}
    </option>
  ));
}
