import { useEffect, useRef, useState } from "react";

/** Long enough to let a merchant finish a word, short enough to feel immediate. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * A list's search field that applies itself: `apply` runs once typing pauses, with no button to
 * press. `urlQuery` is the search the page was loaded with; when it changes for another reason
 * than this field (back/forward, a link), the field follows it — but never overwrites what the
 * merchant typed while their own search was loading.
 */
export function useDebouncedSearch(urlQuery: string, apply: (query: string) => void) {
  const [value, setValue] = useState(urlQuery);
  const applied = useRef(urlQuery);
  const applyRef = useRef(apply);
  applyRef.current = apply;

  useEffect(() => {
    if (urlQuery.trim() === applied.current.trim()) return;
    applied.current = urlQuery;
    setValue(urlQuery);
  }, [urlQuery]);

  useEffect(() => {
    if (value.trim() === applied.current.trim()) return;
    const timer = setTimeout(() => {
      applied.current = value;
      applyRef.current(value.trim());
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);

  const clear = () => {
    setValue("");
    applied.current = "";
    applyRef.current("");
  };
  return { value, setValue, clear };
}
