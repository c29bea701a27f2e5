import type { ReactNode } from 'react';
import { SaveBar, type EditorState } from './SaveBar';

interface Props {
  state: EditorState;
  /**
   * The save bar's message while there are unsaved changes (App Bridge's bar has its own).
   * @defaultValue none: no save bar and no guard against leaving (the page offers Save and Discard itself)
   */
  unsavedMessage?: string;
  children: ReactNode;
}

/** Only the fieldset's disabling is wanted, not its frame. */
const FIELDSET_RESET = { border: 0, margin: 0, padding: 0, minWidth: 0 } as const;

/**
 * An editor's form: Enter in a field saves, the fields are disabled while a save runs, and (with `unsavedMessage`)
 * the save bar offers Save and Discard while there are unsaved changes, and leaving the page asks first.
 */
export function EditorForm({ state, unsavedMessage, children }: Props) {
  return (
    <>
      {unsavedMessage !== undefined && <SaveBar state={state} message={unsavedMessage} />}
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
