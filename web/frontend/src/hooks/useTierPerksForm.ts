import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { perkRowsChanged, perkRowsOf, rebasePerkRows, type PerkRow } from '../components/perks/perk-rows';
import type { TierPerks } from '../components/perks/types';
import { useApi } from './useApi';
import { useI18n } from './useI18n';
import { useResource } from './useResource';
import type { FieldErrors } from './useSettingsForm';

/**
 * The program page's tier perks (`/api/tier-perks`) as an editable part of the page: its unsaved choices, the
 * server's field errors and a failure. Saved with the program (after it: the perks name its tiers and rewards).
 */
export function useTierPerksForm() {
  const api = useApi();
  const { t } = useI18n();
  const loaded = useResource((signal) => api.tierPerks(signal), []);
  const [saved, setSaved] = useState<TierPerks | null>(null);
  const [rows, setRows] = useState<PerkRow[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  /** The failure is a 409: the perks or the program were saved elsewhere since they loaded; a reload shows them. */
  const [stale, setStale] = useState(false);
  // What a save started after this render's changes works on.
  const current = useRef({ saved, rows });
  current.current = { saved, rows };

  useEffect(() => {
    if (loaded.data) {
      setSaved(loaded.data);
      setRows(perkRowsOf(loaded.data.perks));
    }
  }, [loaded.data]);

  return {
    loaded,
    saved,
    rows,
    errors,
    failure,
    /** The failure's action (for RequestFailedBanner): after a 409, load what was saved meanwhile. */
    failureAction: stale
      ? {
          content: t('common.reload'),
          onAction() {
            setFailure(null);
            setStale(false);
            setErrors({});
            loaded.reload();
          },
        }
      : undefined,
    dirty: saved !== null && perkRowsChanged(rows, perkRowsOf(saved.perks)),
    change(index: number, patch: Partial<Omit<PerkRow, 'tierId'>>) {
      setRows((list) => list.map((row, i) => (i === index ? { ...row, ...patch } : row)));
    },
    discard() {
      if (saved) setRows(perkRowsOf(saved.perks));
      setErrors({});
      setFailure(null);
      setStale(false);
    },
    /**
     * Saves the unsaved choices; true when nothing is left unsaved. After the program was saved (`programSaved`: its
     * tiers may have changed, and the perks' version moved with them) the perks are loaded again first and the
     * merchant's choices kept on top of them.
     */
    async save(programSaved: boolean): Promise<boolean> {
      const { saved: before, rows: edits } = current.current;
      if (!before) return true;
      setFailure(null);
      setStale(false);
      try {
        const fresh = programSaved ? await api.tierPerks() : before;
        const next = programSaved ? rebasePerkRows(perkRowsOf(fresh.perks), edits, perkRowsOf(before.perks)) : edits;
        setSaved(fresh);
        setRows(next);
        if (!perkRowsChanged(next, perkRowsOf(fresh.perks))) return true;
        const result = await api.saveTierPerks(next, fresh.version);
        setSaved(result);
        setRows(perkRowsOf(result.perks));
        setErrors({});
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.status === 422) setErrors(error.fieldErrors);
        else setFailure(error instanceof Error ? error.message : String(error));
        setStale(error instanceof ApiError && error.status === 409);
        return false;
      }
    },
  };
}

export type TierPerksFormState = ReturnType<typeof useTierPerksForm>;
