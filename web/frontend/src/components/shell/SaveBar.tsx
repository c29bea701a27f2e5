import { useAppBridge } from '../../hooks/useAppBridge';
import { AppBridgeSaveBar } from './AppBridgeSaveBar';
import { FrameSaveBar } from './FrameSaveBar';

/** What a save bar drives: an editor's unsaved changes, its save and its discard. */
export interface EditorState {
  dirty: boolean;
  saving: boolean;
  save(): Promise<unknown>;
  discard(): void;
}

/**
 * Save and Discard while an editor has unsaved changes, and no leaving the page without confirming: inside Shopify
 * App Bridge's save bar (the admin draws it and holds its own navigation while it shows, as Shopify's app design
 * guidelines ask), standalone (the local emulator has no App Bridge) Polaris' bar in the Frame and a dialog.
 */
export function SaveBar({ state, message }: { state: EditorState; message: string }) {
  const appBridge = useAppBridge();
  return appBridge ? <AppBridgeSaveBar appBridge={appBridge} state={state} /> : <FrameSaveBar state={state} message={message} />;
}
