import { ContextualSaveBar } from '@shopify/polaris';
import type { ReactNode } from 'react';
import { useI18n } from '../../hooks/useI18n';

interface Props {
  state: { dirty: boolean; saving: boolean; save(): Promise<unknown>; discard(): void };
  /**
   * The save bar's message while there are unsaved changes.
   * @defaultValue none: no save bar (the page offers Save and Discard itself)
   */
  unsavedMessage?: string;
  children: ReactNode;
}

/** Only the fieldset's disabling is wanted, not its frame. */
const FIELDSET_RESET = { border: 0, margin: 0, padding: 0, minWidth: 0 } as const;

/**
 * An editor's form: Enter in a field saves, the fields are disabled while a save runs, and (with `unsavedMessage`)
 * Save and Discard show while there are unsaved changes.
 */
export function EditorForm({ state, unsavedMessage, children }: Props) {
  const { t } = useI18n();
  return (
    <>
      {/* The Frame shows the bar over the top of the app. */}
      {unsavedMessage !== undefined && state.dirty && (
        <ContextualSaveBar
          message={unsavedMessage}
          saveAction={{ content: t('common.save'), onAction: () => void state.save(), loading: state.saving }}
          discardAction={{ content: t('common.discard'), onAction: state.discard, disabled: state.saving }}
        />
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void state.save();
        }}
      >
        {/* Nothing can be typed while a save runs: its answer replaces the form, which would drop what was typed. */}
        <fieldset disabled={state.saving} aria-busy={state.saving} style={FIELDSET_RESET}>
          {children}
          {/* Enter in a field saves, as in any form. */}
          <button type="submit" hidden />
        </fieldset>
      </form>
    </>
  );
}
