/** Small shared hooks: stream subscriptions, debouncing. */
import { useEffect, useRef } from 'react';
import type { StreamServerMessage } from '../../common/api.js';
import { stream } from '../api/stream.js';

/** Calls the latest handler for every stream message, without resubscribing on each render. */
export function useStream(handler: (msg: StreamServerMessage) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => stream.subscribe((m) => ref.current(m)), []);
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
