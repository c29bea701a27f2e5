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

/** An editor's form: Enter in a field saves, and (with `unsavedMessage`) Save and Discard show while there are unsaved changes. */
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
        {children}
        {/* Enter in a field saves, as in any form. */}
        <button type="submit" hidden />
      </form>
    </>
  );
}
