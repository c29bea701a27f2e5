import { useState } from 'react';
import type { MailOutcome } from '../api/types';
import { useApi } from './useApi';
import { useForwardPages } from './useForwardPages';

/** The mail log, newest first, a page at a time, filtered by outcome ('' for all); a new filter starts at the first page. */
export function useMailLog(limit = 20) {
  const api = useApi();
  const [outcome, setOutcome] = useState<MailOutcome | ''>('');
  const pages = useForwardPages((after, signal) => api.mailLog({ outcome: outcome || undefined, limit, after }, signal), [outcome, limit]);
  return { outcome, setOutcome, ...pages };
}
