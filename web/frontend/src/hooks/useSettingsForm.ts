import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { singleFlight } from '../api/single-flight';
import { useI18n } from './useI18n';

export type FieldErrors = Readonly<Record<string, string>>;

function withoutError(errors: FieldErrors, path: string): FieldErrors {
  if (!(path in errors)) return errors;
  const { [path]: _removed, ...rest } = errors;
  return rest;
}

export interface SettingsFormOptions<Saved, Form> {
  /** The record as loaded (`undefined`/`null` while loading, or when there is none yet). */
  loaded: Saved | null | undefined;
  toForm(saved: Saved): Form;
  /** What is sent; also what "unsaved changes" compares, so text the server would normalize the same counts as equal. */
  toPayload(form: Form): unknown;
  /** Sends the form; `saved` is the record it edits (`null`: a new one). */
  submit(form: Form, saved: Saved | null): Promise<Saved>;
  /** After a successful save; `created` when there was no saved record before. */
  onSaved(result: Saved, created: boolean): void;
  /**
   * The form while nothing is saved (a new record's defaults).
   * @defaultValue `null` (no form until the record has loaded)
   */
  blank?: Form | null;
  /**
   * Loads the record again. Offered with the failure when a save was refused because someone saved it meanwhile
   * (409: the version the form was read at moved on): the form then shows what they saved.
   * @defaultValue none: no reload offered
   */
  reload?: () => void;
}

/**
 * The editing state every settings page shares: the loaded record as a form, whether it has unsaved changes, the
 * server's 422 field errors by dotted path (cleared field by field as the merchant edits), a non-field failure (with
 * a reload action when someone else saved meanwhile), save and discard.
 */
export function useSettingsForm<Saved, Form>({ loaded, toForm, toPayload, submit, onSaved, blank = null, reload }: SettingsFormOptions<Saved, Form>) {
  const { t } = useI18n();
  const formOf = (from: Saved | null) => (from === null ? blank : toForm(from));
  const [saved, setSaved] = useState<Saved | null>(null);
  const [form, setForm] = useState<Form | null>(blank);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  /** The failure is a 409: someone saved since the form was loaded; only a reload lets the merchant save again. */
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);
  const [oneSaveAtATime] = useState(() => singleFlight<Saved | null>());

  useEffect(() => {
    if (loaded) {
      setSaved(loaded);
      setForm(toForm(loaded));
    }
  }, [loaded]);

  // A form with nothing saved yet (a new record) always has something to save.
  const dirty = form !== null && (saved === null || JSON.stringify(toPayload(form)) !== JSON.stringify(toPayload(toForm(saved))));

  const clearFailure = () => {
    setFailure(null);
    setStale(false);
  };

  return {
    saved,
    form,
    errors,
    failure,
    /** The failure's action (for RequestFailedBanner): reload after a 409; undefined otherwise. */
    failureAction:
      stale && reload
        ? {
            content: t('common.reload'),
            onAction() {
              clearFailure();
              setErrors({});
              reload();
            },
          }
        : undefined,
    saving,
    dirty,
    /** Changes the form; the server's error on `path` (if any) no longer applies. */
    update(path: string | null, change: (form: Form) => Form) {
      setForm((current) => (current ? change(current) : current));
      if (path !== null) setErrors((current) => withoutError(current, path));
    },
    /** Changes the form's shape (rows added or removed): the indexes in the server's error paths no longer apply. */
    reshape(change: (form: Form) => Form) {
      setForm((current) => (current ? change(current) : current));
      setErrors({});
    },
    discard() {
      setForm(formOf(saved));
      setErrors({});
      clearFailure();
    },
    /**
     * Saves; the saved record, or `null` when the server refused (field errors or a failure are set then). While a
     * save runs, another call (a second Enter) gets its outcome rather than sending the form again.
     */
    save(): Promise<Saved | null> {
      return oneSaveAtATime(async () => {
        if (!form) return null;
        setSaving(true);
        clearFailure();
        try {
          const result = await submit(form, saved);
          setSaved(result);
          // What the server kept (trimmed, normalized); the fields are disabled while saving, so nothing typed is lost.
          setForm(toForm(result));
          setErrors({});
          onSaved(result, saved === null);
          return result;
        } catch (error) {
          if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) setErrors(error.fieldErrors);
          else setFailure((error as Error).message);
          setStale(error instanceof ApiError && error.status === 409);
          return null;
        } finally {
          setSaving(false);
        }
      });
    },
  };
}

export type SettingsFormState<Saved, Form> = ReturnType<typeof useSettingsForm<Saved, Form>>;
