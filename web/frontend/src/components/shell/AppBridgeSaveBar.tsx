import { useEffect, useId } from 'react';
import { useI18n } from '../../hooks/useI18n';
import { useLeaveGuard } from '../../hooks/useLeaveGuard';
import type { AppBridge } from './AppBridgeContext';
import type { EditorState } from './SaveBar';

/**
 * App Bridge's contextual save bar (`<ui-save-bar>`): shown while there are unsaved changes; the admin clicks its
 * buttons for Save (`variant="primary"`) and Discard. While it shows the admin asks before the merchant leaves the app
 * through its own navigation; the app's router asks through `shopify.saveBar.leaveConfirmation()`.
 */
export function AppBridgeSaveBar({ appBridge, state }: { appBridge: AppBridge; state: EditorState }) {
  const { t } = useI18n();
  // React's ids contain ':', which App Bridge would have to find by id.
  const id = `save-bar-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const { dirty, saving } = state;

  useEffect(() => {
    void (dirty ? appBridge.saveBar.show(id) : appBridge.saveBar.hide(id));
  }, [appBridge, id, dirty]);
  useEffect(
    () => () => {
      void appBridge.saveBar.hide(id);
    },
    [appBridge, id],
  );

  useLeaveGuard(dirty, async () => {
    // Settles only when the merchant chose to leave (or no save bar shows); staying leaves the navigation waiting.
    await appBridge.saveBar.leaveConfirmation();
    // While a save bar shows, the admin does not follow the app's route changes: hide it before the route changes.
    await appBridge.saveBar.hide(id);
    return true;
  });

  return (
    <ui-save-bar id={id}>
      {/* React 18 sets an unknown attribute only from a string: "" for present. */}
      <button type="button" variant="primary" loading={saving ? '' : undefined} onClick={() => void state.save()}>
        {t('common.save')}
      </button>
      <button type="button" disabled={saving} onClick={state.discard}>
        {t('common.discard')}
      </button>
    </ui-save-bar>
  );
}
