import { ContextualSaveBar, Modal, Text } from '@shopify/polaris';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../hooks/useI18n';
import { useLeaveGuard } from '../../hooks/useLeaveGuard';
import type { EditorState } from './SaveBar';

/**
 * Standalone (no App Bridge): Polaris' contextual save bar over the top of the app (the Frame hosts it) while there
 * are unsaved changes, and a dialog that asks before the router leaves the page.
 */
export function FrameSaveBar({ state, message }: { state: EditorState; message: string }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  /** Settles the open question; one at a time (a newer one answers the older with "stay"). */
  const answerRef = useRef<((leave: boolean) => void) | null>(null);

  const answer = (leave: boolean) => {
    const settle = answerRef.current;
    answerRef.current = null;
    setAsking(false);
    settle?.(leave);
  };
  useLeaveGuard(
    state.dirty,
    () =>
      new Promise<boolean>((resolve) => {
        answerRef.current?.(false);
        answerRef.current = resolve;
        setAsking(true);
      }),
  );
  // Gone while asking: nothing to leave any more.
  useEffect(() => () => answerRef.current?.(false), []);

  return (
    <>
      {state.dirty && (
        <ContextualSaveBar
          message={message}
          saveAction={{ content: t('common.save'), onAction: () => void state.save(), loading: state.saving }}
          discardAction={{ content: t('common.discard'), onAction: state.discard, disabled: state.saving }}
        />
      )}
      <Modal
        open={asking}
        onClose={() => answer(false)}
        title={t('common.leave.title')}
        primaryAction={{ content: t('common.leave.confirm'), destructive: true, onAction: () => answer(true) }}
        secondaryActions={[{ content: t('common.leave.stay'), onAction: () => answer(false) }]}
      >
        <Modal.Section>
          <Text as="p">{t('common.leave.body')}</Text>
        </Modal.Section>
      </Modal>
    </>
  );
}
