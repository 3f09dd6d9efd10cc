/** Small shared hooks: stream subscriptions, debouncing. */
import { useEffect, useRef, useState } from 'react';
import type { StreamServerMessage } from '../../common/api.js';
import { stream } from '../api/stream.js';

/** Calls the latest handler for every stream message, without resubscribing on each render. */
export function useStream(handler: (msg: StreamServerMessage) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => stream.subscribe((m) => ref.current(m)), []);
}

/** `value`, once it has stopped changing for `ms` (what is typed into a search, say). */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, ms]);
  return v;
}

/** A function that runs `fn` once, `ms` after the last call. */
export function useDebounced(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const call = useRef(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => fnRef.current(), ms);
  });
  return call.current;
}
