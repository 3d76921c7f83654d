// The newest value of a prop, readable from callbacks and effects that must not re-run when it
// changes (a tick, a new function identity): updated after every render, before effects run.
import { useLayoutEffect, useRef, type RefObject } from 'react';

export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
