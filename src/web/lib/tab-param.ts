import { useSearchParams } from 'react-router-dom';

/**
 * The open tab of a page, kept in the address as `?tab=KEY` so every tab can be linked to,
 * bookmarked and reloaded (a site manager's phone keeps `/quarantine?tab=health`). Other query
 * parameters are kept; switching tabs replaces the history entry rather than adding one.
 */
export function useTabParam(fallback: string, known?: readonly string[]): [string, (key: string) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab = asked && (!known || known.includes(asked)) ? asked : fallback;
  const setTab = (key: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('tab', key);
        return next;
      },
      { replace: true },
    );
  return [tab, setTab];
}
